package org.modnas.models.estim;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.util.Arrays;

/** Measured inference latency: warm-up passes, then the median of timed single-image passes. */
final class Latency {
    private Latency() {
    }

    static double medianMillis(Block net, NDManager manager, Shape oneImage, int warmup, int repeats) {
        ParameterStore store = new ParameterStore(manager, false);
        double[] ms = new double[Math.max(1, repeats)];
        for (int i = -warmup; i < ms.length; i++) {
            try (NDManager scope = manager.newSubManager()) {
                NDList x = new NDList(scope.ones(oneImage));
                long t0 = System.nanoTime();
                // reading the output waits for the device, so the time covers the whole pass
                net.forward(store, x, false).singletonOrThrow().toFloatArray();
                if (i >= 0) {
                    ms[i] = (System.nanoTime() - t0) / 1e6;
                }
            }
        }
        Arrays.sort(ms);
        return ms[ms.length / 2];
    }
}
