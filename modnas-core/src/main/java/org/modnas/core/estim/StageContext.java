package org.modnas.core.estim;

import java.util.function.Consumer;

/**
 * Where and how a {@link StageEstimator} runs.
 *
 * @param name     the chain entry being run, e.g. {@code warmup}: the producer of what it hands on
 * @param seed     seed for everything random in the stage
 * @param gpu      the GPU address to run on, or null for CPU
 * @param threads  engine threads to use
 * @param input    the supernet an earlier entry of the chain handed on, or null
 * @param checkpoint a file where the stage keeps its progress after every epoch and resumes from
 *                 when it is there (on a file system the driver and the executor share), or null
 * @param progress receives progress lines (one per epoch or so)
 */
public record StageContext(String name, long seed, String gpu, int threads, SupernetWeights input, String checkpoint,
                           Consumer<String> progress) {
    public StageContext {
        progress = progress == null ? line -> { } : progress;
    }

    /** A stage on the CPU with no input. */
    public static StageContext cpu(String name, long seed, int threads) {
        return new StageContext(name, seed, null, threads, null, null, null);
    }
}
