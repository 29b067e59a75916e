package org.modnas.models.data;

import java.util.Iterator;
import java.util.NoSuchElementException;
import org.modnas.core.util.Rng;

/**
 * Cuts an {@link ImageDataset} into batches: a seeded shuffle per epoch, per-channel
 * normalisation, and optionally the standard augmentation for small images (zero-pad by 4 then a
 * random crop back to size, and a random horizontal flip). Cheap next to a training step; runs on
 * the caller's thread.
 */
public final class BatchLoader {
    private static final int PAD = 4;

    private final ImageDataset data;
    private final int batchSize;
    private final boolean shuffle;
    private final boolean augment;
    private final boolean dropLast;
    private final float[] mean;
    private final float[] invStd;
    private final long seed;

    /**
     * @param mean per-channel mean to subtract (in [0,1] units), or null for none
     * @param std  per-channel standard deviation to divide by, or null for none
     */
    public BatchLoader(ImageDataset data, int batchSize, boolean shuffle, boolean augment, boolean dropLast,
                       float[] mean, float[] std, long seed) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
        }
        if (data.size() == 0) {
            throw new IllegalArgumentException(data.name() + ": no images to batch");
        }
        this.data = data;
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.augment = augment;
        this.dropLast = dropLast && data.size() >= batchSize;
        int c = data.channels();
        this.mean = new float[c];
        this.invStd = new float[c];
        for (int k = 0; k < c; k++) {
            this.mean[k] = mean == null ? 0f : mean[k];
            this.invStd[k] = std == null ? 1f : 1f / std[k];
        }
        this.seed = seed;
    }

    public ImageDataset data() {
        return data;
    }

    public int batchSize() {
        return batchSize;
    }

    /** Batches in one epoch. */
    public int batchesPerEpoch() {
        return dropLast ? data.size() / batchSize : (data.size() + batchSize - 1) / batchSize;
    }

    /** The batches of epoch {@code epoch}; the order depends only on the seed and the epoch. */
    public Iterator<Batch> epoch(int epoch) {
        int n = data.size();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Rng rng = new Rng(seed * 0x9E3779B97F4A7C15L + epoch);
        if (shuffle) {
            for (int i = n - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
        int batches = batchesPerEpoch();
        return new Iterator<>() {
            private int b;

            @Override
            public boolean hasNext() {
                return b < batches;
            }

            @Override
            public Batch next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                int from = b * batchSize;
                int size = Math.min(batchSize, n - from);
                b++;
                return make(order, from, size, rng);
            }
        };
    }

    private Batch make(int[] order, int from, int size, Rng rng) {
        int c = data.channels();
        int h = data.height();
        int w = data.width();
        int per = c * h * w;
        float[] x = new float[size * per];
        int[] y = new int[size];
        float[] img = new float[per];
        for (int i = 0; i < size; i++) {
            int idx = order[from + i];
            y[i] = data.label(idx);
            data.copyImage(idx, img, 0);
            int off = i * per;
            if (augment) {
                int dy = rng.nextInt(2 * PAD + 1) - PAD;
                int dx = rng.nextInt(2 * PAD + 1) - PAD;
                boolean flip = rng.nextInt(2) == 1;
                for (int ch = 0; ch < c; ch++) {
                    float m = mean[ch];
                    float s = invStd[ch];
                    int plane = ch * h * w;
                    for (int yy = 0; yy < h; yy++) {
                        int sy = yy + dy;
                        for (int xx = 0; xx < w; xx++) {
                            int sx = (flip ? w - 1 - xx : xx) + dx;
                            float v = (sy >= 0 && sy < h && sx >= 0 && sx < w) ? img[plane + sy * w + sx] : 0f;
                            x[off + plane + yy * w + xx] = (v - m) * s;
                        }
                    }
                }
            } else {
                int plane = h * w;
                for (int ch = 0; ch < c; ch++) {
                    float m = mean[ch];
                    float s = invStd[ch];
                    int base = ch * plane;
                    for (int k = 0; k < plane; k++) {
                        x[off + base + k] = (img[base + k] - m) * s;
                    }
                }
            }
        }
        return new Batch(x, y, size, c, h, w);
    }
}
