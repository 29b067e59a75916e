/**
 * Once-for-All: elastic MobileNetV2 blocks whose depth, width and kernel size share one set of
 * weights, the space of their settings, channel ranking, and the constructors and exporter that turn
 * an elastic subnet into a plain network and back.
 */
package org.modnas.models.elastic;
