package org.modnas.models.space;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.modnas.core.registry.Registry;

/** Gradients to α of the tensor mixed ops, on real DJL tensors in double precision. */
class MixedOpGradientTest {
    private static final Shape INPUT = new Shape(2, 4, 6, 6);
    private static final List<String> PRIMS = List.of("MB3E1", "NC3", "IDT", "MB5E3");

    private static SearchSpace oneSlot(String mixedOp, long seed) {
        SequentialBlock model = new SequentialBlock().add(new Slot("cell", 4, 4, 1));
        Constructor c = new DefaultMixedOpConstructor(mixedOp, null, PRIMS);
        return Spaces.build(model, List.of(c), Registry.global(), seed, null);
    }

    /** L = ⟨w, y⟩ for a fixed w, so ∂L/∂y = w. */
    private static double loss(Block net, ParameterStore ps, NDArray x, NDArray w) {
        NDArray y = net.forward(ps, new NDList(x), true).singletonOrThrow();
        return y.mul(w).sum().toType(DataType.FLOAT64, false).getDouble();
    }

    @Test
    void weightedSumGradientToAlphaMatchesFiniteDifferences() {
        try (NDManager m = NDManager.newBaseManager()) {
            SearchSpace s = oneSlot("WeightedSum", 7);
            Block net = s.network();
            net.initialize(m, DataType.FLOAT64, INPUT);
            ParameterStore ps = new ParameterStore(m, false);
            NDArray x = m.randomNormal(INPUT).toType(DataType.FLOAT64, false);
            NDArray w = m.randomNormal(INPUT).toType(DataType.FLOAT64, false);
            NDArray alpha = s.tensorParams().get(0).parameter().getArray();
            double[] analytic;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray y = net.forward(ps, new NDList(x), true).singletonOrThrow();
                gc.backward(y.mul(w).sum());
                analytic = alpha.getGradient().toDoubleArray();
            }
            double eps = 1e-4;
            for (int i = 0; i < PRIMS.size(); i++) {
                double[] a = alpha.toDoubleArray();
                a[i] += eps;
                alpha.set(a);
                double up = loss(net, ps, x, w);
                a[i] -= 2 * eps;
                alpha.set(a);
                double down = loss(net, ps, x, w);
                a[i] += eps;
                alpha.set(a);
                double fd = (up - down) / (2 * eps);
                assertEquals(fd, analytic[i], 1e-6 * Math.max(1, Math.abs(fd)), "dL/dalpha_" + i + " (" + PRIMS.get(i) + ")");
            }
            assertNotEquals(0.0, analytic[0]);
        }
    }

    @Test
    void binaryGateGradientToAlphaMatchesTheBinaryGateFormula() {
        try (NDManager m = NDManager.newBaseManager()) {
            SearchSpace s = oneSlot("BinGate", 11);
            s.setMode(MixedOp.Mode.ARCH);
            BinaryGateMixedOp op = (BinaryGateMixedOp) s.mixedOps().get(0);
            Block net = s.network();
            net.initialize(m, DataType.FLOAT64, INPUT);
            ParameterStore ps = new ParameterStore(m, false);
            NDArray alpha = s.tensorParams().get(0).parameter().getArray();
            alpha.set(new double[] {0.3, -0.2, 0.5, 0.1});
            NDArray x = m.randomNormal(INPUT).toType(DataType.FLOAT64, false);
            NDArray w = m.randomNormal(INPUT).toType(DataType.FLOAT64, false);
            double[] grad;
            NDArray y;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                y = net.forward(ps, new NDList(x), true).singletonOrThrow();
                gc.backward(y.mul(w).sum());
                grad = alpha.getGradient().toDoubleArray();
            }
            int[] pair = op.activePair();
            assertEquals(2, pair.length);
            assertNotEquals(pair[0], pair[1]);
            // the forward value is the gated candidate's output
            NDArray gated = op.candidates().get(op.activePath()).forward(ps, new NDList(x), true).singletonOrThrow();
            assertTrue(gated.allClose(y, 1e-9, 1e-9, false));

            double[] a = alpha.toDoubleArray();
            double zi = Math.exp(a[pair[0]]);
            double zj = Math.exp(a[pair[1]]);
            double[] p = {zi / (zi + zj), zj / (zi + zj)};
            double[] c = new double[2];
            for (int k = 0; k < 2; k++) {
                NDArray o = op.candidates().get(pair[k]).forward(ps, new NDList(x), true).singletonOrThrow();
                c[k] = o.mul(w).sum().getDouble();
            }
            double[] expected = new double[PRIMS.size()];
            for (int ai = 0; ai < 2; ai++) {
                double g = 0;
                for (int mj = 0; mj < 2; mj++) {
                    g += c[mj] * p[mj] * ((ai == mj ? 1 : 0) - p[ai]);
                }
                expected[pair[ai]] = g;
            }
            assertArrayEquals(expected, grad, 1e-8);
            assertNotEquals(0.0, grad[pair[0]]);
        }
    }

    @Test
    void binaryGateRunsOneSampledPathInWeightModeAndTheArgmaxInEvaluation() {
        try (NDManager m = NDManager.newBaseManager()) {
            SearchSpace s = oneSlot("BinGate", 3);
            BinaryGateMixedOp op = (BinaryGateMixedOp) s.mixedOps().get(0);
            s.network().initialize(m, DataType.FLOAT32, INPUT);
            ParameterStore ps = new ParameterStore(m, false);
            s.tensorParams().get(0).parameter().getArray().set(new float[] {0f, 0f, 4f, 0f});
            NDArray x = m.randomNormal(INPUT);
            int[] counts = new int[PRIMS.size()];
            for (int i = 0; i < 40; i++) {
                s.network().forward(ps, new NDList(x), true);
                counts[op.activePath()]++;
            }
            assertTrue(counts[2] > 25, "the path with the largest alpha is sampled most: " + java.util.Arrays.toString(counts));
            s.network().forward(ps, new NDList(x), false);
            assertEquals(2, op.activePath());
            assertEquals("IDT", op.topk(2).get(0));
            assertEquals(2, op.topk(2).size());
            assertEquals("IDT", s.exportDesc().value(0));
        }
    }
}
