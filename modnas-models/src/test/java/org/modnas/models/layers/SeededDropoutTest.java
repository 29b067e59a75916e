package org.modnas.models.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

class SeededDropoutTest {
    private static float[] forward(SequentialBlock net, NDManager m, boolean training) {
        return net.forward(new ParameterStore(m, false), new NDList(m.ones(new Shape(8, 256))), training)
                .singletonOrThrow().toFloatArray();
    }

    @Test
    void masksDependOnTheSeedOnlyNotOnTheEnginesGenerator() {
        try (NDManager m = NDManager.newBaseManager()) {
            SequentialBlock net = new SequentialBlock().add(new SeededDropout(0.25));
            net.initialize(m, DataType.FLOAT32, new Shape(8, 256));
            SeededDropout.seedAll(net, 5);
            float[] a = forward(net, m, true);
            // another candidate of the JVM reseeds and draws from the engine's process-wide generator
            Engine.getEngine("PyTorch").setRandomSeed(123);
            m.randomUniform(0, 1, new Shape(1000)).close();
            SeededDropout.seedAll(net, 5);
            float[] b = forward(net, m, true);
            assertArrayEquals(a, b);
            SeededDropout.seedAll(net, 6);
            assertTrue(!java.util.Arrays.equals(a, forward(net, m, true)), "another seed, another mask");

            long zeros = 0;
            for (float v : a) {
                assertTrue(v == 0f || Math.abs(v - 1 / 0.75f) < 1e-6, "kept values are scaled by 1 / (1 - rate): " + v);
                zeros += v == 0f ? 1 : 0;
            }
            assertEquals(0.25, zeros / (double) a.length, 0.05);
            for (float v : forward(net, m, false)) {
                assertEquals(1f, v, "no dropout in inference");
            }
        }
    }

    @Test
    void aRateOutsideZeroToOneIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SeededDropout(1.0));
        assertEquals("dropout rate must be in [0, 1), got 1.0", e.getMessage());
    }
}
