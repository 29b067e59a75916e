package org.modnas.models.data;

/**
 * The three image sets a search or a training run uses: {@code train} and {@code valid} split from
 * the training set by {@code data.train_portion}, and the held-out {@code test} set.
 */
public record DataSplits(ImageDataset train, ImageDataset valid, ImageDataset test) {
}
