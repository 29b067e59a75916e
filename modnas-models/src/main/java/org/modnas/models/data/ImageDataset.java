package org.modnas.models.data;

import java.util.Arrays;
import java.util.Objects;

/**
 * An image classification data set held in memory as 8-bit pixels, N × C × H × W in row-major
 * order, with one integer label per image. Immutable and shared: data sets
 * are read once per JVM ({@link DataSets}) and every candidate reads the same arrays; subsets are
 * index views, never copies.
 */
public final class ImageDataset {
    private final String name;
    private final byte[] pixels;
    private final int[] labels;
    private final int channels;
    private final int height;
    private final int width;
    private final int numClasses;
    private final int[] index; // the images of this view, positions into pixels/labels

    public ImageDataset(String name, byte[] pixels, int[] labels, int channels, int height, int width, int numClasses) {
        this(name, pixels, labels, channels, height, width, numClasses, null);
    }

    /** A view of {@code index} positions; the arrays are checked once, when {@code index} is null. */
    private ImageDataset(String name, byte[] pixels, int[] labels, int channels, int height, int width, int numClasses,
                         int[] index) {
        this.name = Objects.requireNonNull(name);
        long imageSize = (long) channels * height * width;
        if (channels <= 0 || height <= 0 || width <= 0) {
            throw new IllegalArgumentException(name + ": image shape must be positive, got " + channels + "x" + height + "x" + width);
        }
        if ((long) labels.length * imageSize != pixels.length) {
            throw new IllegalArgumentException(name + ": " + labels.length + " labels but " + pixels.length
                    + " pixel bytes (" + channels + "x" + height + "x" + width + " per image)");
        }
        for (int i = 0; index == null && i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= numClasses) {
                throw new IllegalArgumentException(name + ": label " + labels[i] + " of image " + i
                        + " outside [0, " + numClasses + ")");
            }
        }
        this.pixels = pixels;
        this.labels = labels;
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.numClasses = numClasses;
        this.index = index;
    }

    public String name() {
        return name;
    }

    public int size() {
        return index == null ? labels.length : index.length;
    }

    public int channels() {
        return channels;
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }

    public int imageSize() {
        return channels * height * width;
    }

    public int numClasses() {
        return numClasses;
    }

    /** The label of image {@code i} of this view. */
    public int label(int i) {
        return labels[position(i)];
    }

    /** Copies image {@code i} of this view into {@code dst} as floats in [0, 1], at {@code offset}. */
    public void copyImage(int i, float[] dst, int offset) {
        int n = imageSize();
        int src = position(i) * n;
        for (int k = 0; k < n; k++) {
            dst[offset + k] = (pixels[src + k] & 0xFF) * (1f / 255f);
        }
    }

    /** The raw 8-bit pixel of image {@code i}, flat offset {@code k} within the image. */
    public int pixel(int i, int k) {
        return pixels[position(i) * imageSize() + k] & 0xFF;
    }

    /** A view of the images at the given positions of this view, in that order. */
    public ImageDataset subset(int[] positions, String subsetName) {
        int[] idx = new int[positions.length];
        for (int k = 0; k < positions.length; k++) {
            idx[k] = position(positions[k]);
        }
        return new ImageDataset(subsetName, pixels, labels, channels, height, width, numClasses, idx);
    }

    /** The first {@code n} images (all when {@code n <= 0} or larger than the set). */
    public ImageDataset limit(int n) {
        if (n <= 0 || n >= size()) {
            return this;
        }
        int[] first = new int[n];
        Arrays.setAll(first, k -> k);
        return subset(first, name);
    }

    /** Mean and standard deviation of each channel over this view, in [0, 1] units. */
    public float[][] channelStats() {
        double[] sum = new double[channels];
        double[] sq = new double[channels];
        int plane = height * width;
        for (int i = 0; i < size(); i++) {
            int base = position(i) * imageSize();
            for (int c = 0; c < channels; c++) {
                long s = 0;
                long s2 = 0;
                for (int k = 0; k < plane; k++) {
                    int v = pixels[base + c * plane + k] & 0xFF;
                    s += v;
                    s2 += (long) v * v;
                }
                sum[c] += s;
                sq[c] += s2;
            }
        }
        float[] mean = new float[channels];
        float[] std = new float[channels];
        double n = (double) size() * plane;
        for (int c = 0; c < channels; c++) {
            double m = sum[c] / n;
            mean[c] = (float) (m / 255.0);
            std[c] = (float) (Math.sqrt(Math.max(sq[c] / n - m * m, 1e-12)) / 255.0);
        }
        return new float[][] {mean, std};
    }

    private int position(int i) {
        if (i < 0 || i >= size()) {
            throw new IndexOutOfBoundsException(name + ": image " + i + " of " + size());
        }
        return index == null ? i : index[i];
    }

    @Override
    public String toString() {
        return name + "(" + size() + " x " + channels + "x" + height + "x" + width + ", " + numClasses + " classes)";
    }
}
