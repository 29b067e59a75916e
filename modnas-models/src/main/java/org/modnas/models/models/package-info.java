/**
 * Base models: search-space templates whose searchable parts are Slots. The
 * MobileNetV2 family is bundled; users add their own the same way (see {@code docs/custom-model.md}).
 */
package org.modnas.models.models;
