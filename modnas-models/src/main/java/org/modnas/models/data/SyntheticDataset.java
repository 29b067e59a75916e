package org.modnas.models.data;

import org.modnas.core.util.Rng;

/**
 * A seeded synthetic image set for tests: each class has its own random prototype image, and each
 * sample is its class's prototype plus noise, so a small network learns it in a few steps.
 */
public final class SyntheticDataset {
    private SyntheticDataset() {
    }

    public static ImageDataset generate(String name, long seed, int n, int channels, int height, int width,
                                        int numClasses, double noise) {
        if (n <= 0 || numClasses <= 1) {
            throw new IllegalArgumentException("synthetic data needs n > 0 and at least 2 classes, got n=" + n
                    + ", classes=" + numClasses);
        }
        Rng rng = new Rng(seed);
        int per = channels * height * width;
        float[][] proto = new float[numClasses][per];
        for (int c = 0; c < numClasses; c++) {
            for (int k = 0; k < per; k++) {
                proto[c][k] = (float) rng.nextDouble();
            }
        }
        byte[] pixels = new byte[n * per];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            int c = rng.nextInt(numClasses);
            labels[i] = c;
            for (int k = 0; k < per; k++) {
                double v = proto[c][k] + noise * rng.nextGaussian();
                pixels[i * per + k] = (byte) Math.max(0, Math.min(255, Math.round(v * 255)));
            }
        }
        return new ImageDataset(name, pixels, labels, channels, height, width, numClasses);
    }
}
