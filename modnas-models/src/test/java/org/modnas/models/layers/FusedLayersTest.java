package org.modnas.models.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The layers that call the engine directly compute what DJL's (or PyTorch's) own do. */
class FusedLayersTest {
    @Test
    void relu6IsOneHardtanhWithGradientOneStrictlyInsideZeroToSix() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(new float[] {-1f, 0f, 0.5f, 3f, 6f, 7f});
            x.setRequiresGradient(true);
            JniUtils.setGradMode(true);
            NDArray y;
            try {
                y = FusedOps.relu6(x);
            } finally {
                JniUtils.setGradMode(false);
            }
            assertArrayEquals(new float[] {0f, 0f, 0.5f, 3f, 6f, 6f}, y.toFloatArray());
            assertEquals("HardtanhBackward0", JniUtils.getGradientFunctionNames((PtNDArray) y).split(",")[0].strip(),
                    "computed by the TorchScript hardtanh, not the clamp fallback");
            JniUtils.backward((PtNDArray) y, (PtNDArray) y.onesLike(), false, false);
            assertArrayEquals(new float[] {0f, 0f, 1f, 1f, 0f, 0f}, x.getGradient().toFloatArray());
        }
    }

    @Test
    void batchNorm2dNormalisesAndTracksStatisticsAsDjlsBatchNorm() {
        try (NDManager m = NDManager.newBaseManager()) {
            Shape shape = new Shape(4, 3, 5, 5);
            NDArray x = m.randomNormal(2, 3, shape, DataType.FLOAT32);
            BatchNorm2d mine = new BatchNorm2d(Layers.BN_MOMENTUM);
            BatchNorm djl = BatchNorm.builder().optMomentum(Layers.BN_MOMENTUM).build();
            mine.initialize(m, DataType.FLOAT32, shape);
            djl.initialize(m, DataType.FLOAT32, shape);
            List<String> names = mine.getParameters().keys();
            assertEquals(djl.getParameters().keys(), names, "the same parameters, saved under the same names");
            for (int i = 0; i < names.size(); i++) {
                Parameter a = mine.getParameters().get(i).getValue();
                Parameter b = djl.getParameters().get(i).getValue();
                assertEquals(b.getType(), a.getType());
                assertEquals(b.requiresGradient(), a.requiresGradient());
                assertArrayEquals(b.getArray().toFloatArray(), a.getArray().toFloatArray());
            }
            ParameterStore ps = new ParameterStore(m, false);
            for (boolean training : new boolean[] {true, true, false}) {
                NDArray ya = mine.forward(ps, new NDList(x), training).singletonOrThrow();
                NDArray yb = djl.forward(ps, new NDList(x), training).singletonOrThrow();
                assertArrayEquals(yb.toFloatArray(), ya.toFloatArray(), 1e-5f);
            }
            for (int i = 2; i < 4; i++) { // running mean and variance moved alike
                assertArrayEquals(djl.getParameters().get(i).getValue().getArray().toFloatArray(),
                        mine.getParameters().get(i).getValue().getArray().toFloatArray(), 1e-5f);
            }
        }
    }
}
