package org.modnas.models.data;

/**
 * One batch ready for the engine: {@code size} images as normalised floats, N × C × H × W, and
 * their labels. The arrays belong to the batch.
 */
public record Batch(float[] images, int[] labels, int size, int channels, int height, int width) {
}
