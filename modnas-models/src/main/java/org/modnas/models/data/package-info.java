/**
 * Data sets: IDX (MNIST, Fashion-MNIST), CIFAR-10 binary batches, image folders and a
 * seeded synthetic set, read once per JVM and split into train / valid / test; batches with
 * normalisation and augmentation.
 */
package org.modnas.models.data;
