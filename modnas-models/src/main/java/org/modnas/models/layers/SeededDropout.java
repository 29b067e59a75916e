package org.modnas.models.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import org.modnas.core.util.Rng;
import org.modnas.models.metrics.Profiled;
import org.modnas.models.metrics.Profiler;

/**
 * Inverted dropout whose masks come from the block's own seeded generator rather than the engine's
 * process-wide one: candidates training side by side in one JVM (a Spark executor's task slots)
 * then cannot change each other's masks, so a candidate's seed alone decides its result. The
 * generator is seeded with the network's weights ({@link #seedAll}).
 */
public final class SeededDropout extends AbstractBlock implements Profiled {
    private final double rate;
    private Rng rng = new Rng(0);

    /** @param rate the share of activations zeroed in training, in [0, 1) */
    public SeededDropout(double rate) {
        if (!(rate >= 0 && rate < 1)) {
            throw new IllegalArgumentException("dropout rate must be in [0, 1), got " + rate);
        }
        this.rate = rate;
    }

    public double rate() {
        return rate;
    }

    /** Restarts the mask generator from {@code seed}. */
    public void seed(long seed) {
        this.rng = new Rng(seed);
    }

    /** The mask generator (its state is part of a search checkpoint). */
    public Rng generator() {
        return rng;
    }

    /** Every {@code SeededDropout} in {@code block}'s tree, depth first. */
    public static java.util.List<SeededDropout> all(Block block) {
        java.util.List<SeededDropout> out = new java.util.ArrayList<>();
        collect(block, out);
        return out;
    }

    private static void collect(Block block, java.util.List<SeededDropout> out) {
        if (block instanceof SeededDropout d) {
            out.add(d);
        }
        for (Pair<String, Block> child : block.getChildren()) {
            collect(child.getValue(), out);
        }
    }

    /** Seeds every {@code SeededDropout} in {@code block}'s tree, each from {@code seed} and its position. */
    public static void seedAll(Block block, long seed) {
        long[] position = {0};
        seedAll(block, seed, position);
    }

    private static void seedAll(Block block, long seed, long[] position) {
        if (block instanceof SeededDropout d) {
            d.seed(seed * 0x9E3779B97F4A7C15L + position[0]++);
        }
        for (Pair<String, Block> child : block.getChildren()) {
            seedAll(child.getValue(), seed, position);
        }
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        if (!training || rate == 0) {
            return inputs;
        }
        int n = Math.toIntExact(x.size());
        float keep = (float) (1 / (1 - rate));
        float[] mask = new float[n];
        for (int i = 0; i < n; i++) {
            mask[i] = rng.nextDouble() < rate ? 0f : keep;
        }
        NDArray m = x.getManager().create(mask, x.getShape());
        return new NDList(x.mul(m));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }

    @Override
    public Shape profile(Shape input, Profiler profiler) {
        return input;
    }

    @Override
    public String toString() {
        return "SeededDropout(" + rate + ")";
    }
}
