package com.example.nas;

import com.typesafe.config.Config;
import java.util.Random;
import org.modnas.models.data.DataSource;
import org.modnas.models.data.ImageDataset;

/**
 * A data set of its own, made in memory from a seed: grey images of stripes, one class per
 * orientation (0, 45, 90 or 135 degrees) and spacing (narrow or wide), with a random phase and
 * Gaussian noise. Eight classes that a network must look at the picture to tell apart; no files,
 * so every executor makes exactly the same images.
 */
public final class StripesDataset implements DataSource {
    /** The arguments and their defaults. */
    public static final String DEFAULTS = "n_train = 4000, n_test = 1000, size = 16, noise = 0.35, seed = 0";
    private static final int CLASSES = 8;

    private final int nTrain;
    private final int nTest;
    private final int size;
    private final double noise;
    private final long seed;

    public StripesDataset(Config c) {
        this.nTrain = c.getInt("n_train");
        this.nTest = c.getInt("n_test");
        this.size = c.getInt("size");
        this.noise = c.getDouble("noise");
        this.seed = c.getLong("seed");
        if (nTrain < 1 || nTest < 1 || size < 4 || noise < 0) {
            throw new IllegalArgumentException("Stripes needs n_train, n_test >= 1, size >= 4 and noise >= 0");
        }
    }

    @Override
    public void check() {
        // nothing to read
    }

    @Override
    public String cacheKey() {
        return "Stripes:" + nTrain + ":" + nTest + ":" + size + ":" + noise + ":" + seed;
    }

    @Override
    public ImageDataset train() {
        return make("Stripes/train", nTrain, seed);
    }

    @Override
    public ImageDataset test() {
        return make("Stripes/test", nTest, seed + 1);
    }

    private ImageDataset make(String name, int n, long s) {
        Random r = new Random(s);
        byte[] pixels = new byte[n * size * size];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            int label = r.nextInt(CLASSES);
            labels[i] = label;
            double angle = Math.PI / 4 * (label % 4);
            double period = label < 4 ? 3.0 : 6.0;
            double phase = r.nextDouble() * 2 * Math.PI;
            double cx = Math.cos(angle);
            double cy = Math.sin(angle);
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    double v = 0.5 + 0.5 * Math.sin(2 * Math.PI * (x * cx + y * cy) / period + phase) + noise * r.nextGaussian();
                    pixels[(i * size + y) * size + x] = (byte) Math.round(255 * Math.max(0, Math.min(1, v)));
                }
            }
        }
        return new ImageDataset(name, pixels, labels, 1, size, size, CLASSES);
    }
}
