package org.modnas.models.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.modnas.core.registry.Registry;
import org.modnas.models.space.BinaryGateMixedOp;
import org.modnas.models.space.DefaultMixedOpConstructor;
import org.modnas.models.space.MixedOp;
import org.modnas.models.space.SearchSpace;
import org.modnas.models.space.Slot;
import org.modnas.models.space.Spaces;
import org.modnas.models.space.TensorMixedOp;
import org.modnas.models.train.Autograd;

/** ProxylessNAS' arch step on real binary-gate ops, in double precision. */
class BinaryGateOptimTest {
    private static final Shape INPUT = new Shape(2, 4, 5, 5);

    private static SearchSpace oneSlot(List<String> prims, long seed) {
        SequentialBlock model = new SequentialBlock().add(new Slot("cell", 4, 4, 1));
        return Spaces.build(model, List.of(new DefaultMixedOpConstructor("BinGate", null, prims)), Registry.global(), seed, null);
    }

    private static double[] softmax(double[] a) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : a) {
            max = Math.max(max, v);
        }
        double sum = 0;
        double[] e = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            e[i] = Math.exp(a[i] - max);
            sum += e[i];
        }
        for (int i = 0; i < a.length; i++) {
            e[i] /= sum;
        }
        return e;
    }

    @Test
    void renormalisationKeepsThePairsTotalProbabilityAndLeavesTheOthers() {
        double[] before = {0.3, -0.2, 0.5, 0.1, -0.7};
        double[] after = {0.3, 0.9, 0.5, -0.6, -0.7};
        int[] pair = {1, 3};
        double[] out = BinaryGateOptim.renormalised(before, after, pair);
        double[] p0 = softmax(before);
        double[] p1 = softmax(out);
        assertEquals(p0[1] + p0[3], p1[1] + p1[3], 1e-12, "the pair's total probability");
        assertEquals(out[1] - out[3], after[1] - after[3], 1e-12, "the split Adam chose within the pair");
        for (int i : new int[] {0, 2, 4}) {
            assertEquals(before[i], out[i], 0.0, "unsampled alpha " + i);
        }
    }

    /**
     * With a loss linear in the op's output, L = ⟨c, y⟩, and two candidates (the pair is the whole
     * op), the binary-gate gradient is exactly the gradient of the expected loss
     * E(α) = Σ_i softmax(α)_i ⟨c, o_i⟩.
     */
    @Test
    void gateGradientOfTwoCandidatesIsTheGradientOfTheExpectedOutput() {
        try (NDManager m = NDManager.newBaseManager()) {
            SearchSpace s = oneSlot(List.of("MB3E1", "NC3"), 5);
            s.network().initialize(m, DataType.FLOAT64, INPUT);
            s.setMode(MixedOp.Mode.ARCH);
            BinaryGateMixedOp op = (BinaryGateMixedOp) s.mixedOps().get(0);
            NDArray alpha = s.tensorParams().get(0).parameter().getArray();
            alpha.set(new double[] {0.4, -0.3});
            ParameterStore ps = new ParameterStore(m, false);
            NDArray x = m.randomNormal(INPUT).toType(DataType.FLOAT64, false);
            NDArray c = m.randomNormal(INPUT).toType(DataType.FLOAT64, false);
            Autograd.record(true);
            NDArray loss = s.network().forward(ps, new NDList(x), true).singletonOrThrow().mul(c).sum();
            Autograd.record(false);
            Autograd.backward(loss);
            double[] gate = Autograd.gradient(alpha, m).toDoubleArray();
            double[] ci = new double[2];
            for (int i = 0; i < 2; i++) {
                ci[i] = op.candidates().get(i).forward(ps, new NDList(x), true).singletonOrThrow().mul(c).sum().getDouble();
            }
            double h = 1e-6;
            for (int i = 0; i < 2; i++) {
                double[] up = {0.4, -0.3};
                double[] down = {0.4, -0.3};
                up[i] += h;
                down[i] -= h;
                double fd = (expected(up, ci) - expected(down, ci)) / (2 * h);
                assertEquals(fd, gate[i], 1e-6 * Math.max(1, Math.abs(fd)), "dE/dalpha_" + i);
            }
            assertNotEquals(0.0, gate[0]);
        }
    }

    private static double expected(double[] a, double[] c) {
        double[] p = softmax(a);
        return p[0] * c[0] + p[1] * c[1];
    }

    @Test
    void anArchStepMovesOnlyTheSampledPairAndKeepsItsTotalProbability() {
        try (NDManager m = NDManager.newBaseManager()) {
            SearchSpace s = oneSlot(List.of("MB3E1", "NC3", "IDT", "MB5E3"), 9);
            s.network().initialize(m, DataType.FLOAT64, INPUT);
            NDArray alpha = s.tensorParams().get(0).parameter().getArray();
            alpha.set(new double[] {0.3, -0.2, 0.5, 0.1});
            double[] before = alpha.toDoubleArray();
            ArchStepContext ctx = network(m, s);
            BinaryGateOptim opt = new BinaryGateOptim(0.006, 0, 0.999, 0, true);
            opt.step(ctx);
            double[] after = alpha.toDoubleArray();
            int[] pair = ((BinaryGateMixedOp) s.mixedOps().get(0)).activePair();
            double[] p0 = softmax(before);
            double[] p1 = softmax(after);
            assertEquals(p0[pair[0]] + p0[pair[1]], p1[pair[0]] + p1[pair[1]], 1e-12);
            assertNotEquals(before[pair[0]] - before[pair[1]], after[pair[0]] - after[pair[1]]);
            for (int i = 0; i < 4; i++) {
                if (i != pair[0] && i != pair[1]) {
                    assertEquals(before[i], after[i], 0.0, "alpha " + i + " was not sampled");
                }
            }
            assertEquals(MixedOp.Mode.WEIGHT, s.mixedOps().get(0).mode(), "the step leaves the ops in weight mode");
        }
    }

    /**
     * With exactly two candidates there is nothing outside the pair: the step is Adam's alone. Adam's
     * first step with β₁ = 0 moves each α by lr against the sign of its gradient, and the two
     * gradients of a softmax pair are opposite.
     */
    @Test
    void anArchStepOnTwoCandidatesIsAdamsStep() {
        try (NDManager m = NDManager.newBaseManager()) {
            SearchSpace s = oneSlot(List.of("MB3E1", "NC3"), 9);
            s.network().initialize(m, DataType.FLOAT64, INPUT);
            NDArray alpha = s.tensorParams().get(0).parameter().getArray();
            alpha.set(new double[] {0.2, 0.1});
            new BinaryGateOptim(0.006, 0, 0.999, 0, true).step(network(m, s));
            double[] after = alpha.toDoubleArray();
            assertEquals(0.006, Math.abs(after[0] - 0.2), 1e-6);
            assertEquals(0.006, Math.abs(after[1] - 0.1), 1e-6);
            assertEquals(-(after[0] - 0.2), after[1] - 0.1, 1e-9);
        }
    }

    /** The op's network as an arch-step context: both losses are ⟨c, y⟩ on fixed inputs. */
    private static ArchStepContext network(NDManager m, SearchSpace s) {
        ParameterStore ps = new ParameterStore(m, false);
        NDArray x = m.randomNormal(INPUT).toType(DataType.FLOAT64, false);
        NDArray c = m.randomNormal(INPUT).toType(DataType.FLOAT64, false);
        List<NDArray> weights = s.weightParameters().stream().map(p -> p.getArray()).toList();
        List<NDArray> alphas = s.alphaParameters().stream().map(p -> p.getArray()).toList();
        List<TensorMixedOp> ops = s.mixedOps().stream().map(o -> (TensorMixedOp) o).toList();
        ToyProblem p = new ToyProblem(m, weights, alphas,
                (w, a) -> s.network().forward(ps, new NDList(x), true).singletonOrThrow().mul(c).sum(),
                (w, a) -> s.network().forward(ps, new NDList(x), true).singletonOrThrow().mul(c).sum());
        p.ops = ops;
        return p;
    }
}
