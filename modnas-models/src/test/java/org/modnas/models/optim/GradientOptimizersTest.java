package org.modnas.models.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.modnas.core.optim.Optimizer;
import org.modnas.core.registry.Registry;
import org.modnas.models.train.Autograd;

/** The one-level, bi-level and Gumbel optimizers, Adam on α, snapshots and registration. */
class GradientOptimizersTest {
    /** L_train = (w − α)², L_val = (α − 3)²: bi-level steps follow L_val, one-level ones L_train. */
    private static ToyProblem quadratic(NDManager m) {
        NDArray w = m.create(new double[] {1.0});
        NDArray a = m.create(new double[] {0.0});
        return new ToyProblem(m, List.of(w), List.of(a),
                (ws, as) -> ws.get(0).sub(as.get(0)).pow(2).sum(),
                (ws, as) -> as.get(0).sub(3).pow(2).sum());
    }

    @Test
    void adamMatchesPyTorchsUpdateByHand() {
        try (NDManager m = NDManager.newBaseManager()) {
            ToyProblem p = quadratic(m);
            DirectGradBiLevelOptim opt = new DirectGradBiLevelOptim(0.1, 0.5, 0.999, 1e-3);
            double theta = 0;
            double mom = 0;
            double vel = 0;
            for (int t = 1; t <= 3; t++) {
                opt.step(p);
                double g = 2 * (theta - 3) + 1e-3 * theta;
                mom = 0.5 * mom + 0.5 * g;
                vel = 0.999 * vel + 0.001 * g * g;
                theta -= 0.1 / (1 - Math.pow(0.5, t)) * mom / (Math.sqrt(vel) / Math.sqrt(1 - Math.pow(0.999, t)) + 1e-8);
                assertEquals(theta, p.alphas().get(0).toDoubleArray()[0], 1e-12, "step " + t);
            }
        }
    }

    @Test
    void directGradStepsAlphaWithTheGradientTheWeightStepLeftAndClearsIt() {
        try (NDManager m = NDManager.newBaseManager()) {
            ToyProblem p = quadratic(m);
            DirectGradOptim opt = new DirectGradOptim(0.1, 0.5, 0.999, 0);
            opt.step(p);
            assertEquals(0.0, p.alphas().get(0).toDoubleArray()[0], 0.0, "no weight step yet: nothing to follow");
            // a weight step's backward pass on L_train leaves dL/dα = -2(w - α) = -2 on α
            try (NDManager scope = m.newSubManager()) {
                Autograd.backward(p.trainLoss(scope));
            }
            opt.step(p);
            assertEquals(0.1, p.alphas().get(0).toDoubleArray()[0], 1e-9, "Adam's first step: lr against the gradient's sign");
            try (NDManager scope = m.newSubManager()) {
                assertEquals(0.0, Autograd.gradient(p.alphas().get(0), scope).toDoubleArray()[0], 0.0);
            }
        }
    }

    @Test
    void gumbelTemperatureAnnealsPerIntervalAndRestarts() {
        GumbelAnnealingOptim g = new GumbelAnnealingOptim(3e-4, 0.5, 0.999, 1e-3, 1e4, 0.0015, 2, 10);
        assertEquals(1e4, g.temperature(0), 1e-9);
        assertEquals(1e4, g.temperature(1), 1e-9);
        assertEquals(1e4 * Math.exp(-0.0015), g.temperature(2), 1e-9);
        assertEquals(1e4 * Math.exp(-0.0015 * 4), g.temperature(9), 1e-9);
        assertEquals(1e4, g.temperature(10), 1e-9, "restart period");
    }

    @Test
    void aRestoredOptimizerTakesTheSameNextStep() {
        double[] uninterrupted;
        double[] resumed;
        ObjectNode saved;
        double alphaAtSave;
        try (NDManager m = NDManager.newBaseManager()) {
            ToyProblem p = quadratic(m);
            DARTSOptim opt = new DARTSOptim(0.05, 0.5, 0.999, 1e-3, false);
            p.lr = 0.1;
            for (int i = 0; i < 3; i++) {
                opt.step(p);
            }
            saved = opt.state();
            alphaAtSave = p.alphas().get(0).toDoubleArray()[0];
            opt.step(p);
            opt.step(p);
            uninterrupted = p.alphas().get(0).toDoubleArray();
        }
        try (NDManager m = NDManager.newBaseManager()) {
            ToyProblem p = quadratic(m);
            p.alphas().get(0).set(new double[] {alphaAtSave});
            p.lr = 0.1;
            DARTSOptim opt = new DARTSOptim(0.05, 0.5, 0.999, 1e-3, false);
            opt.restore(saved);
            assertEquals(3, opt.steps());
            opt.step(p);
            opt.step(p);
            resumed = p.alphas().get(0).toDoubleArray();
        }
        assertArrayEquals(uninterrupted, resumed, 0.0);
        assertThrows(IllegalArgumentException.class, () -> new DirectGradOptim(0.1, 0.5, 0.999, 0).restore(saved));
    }

    @Test
    void registeredUnderTheOriginalsNamesWithItsDefaults() {
        Registry r = Registry.global();
        for (String name : List.of("DARTSOptim", "BinaryGateOptim", "DirectGradOptim", "DirectGradOptimBiLevel",
                "DirectGradBiLevelOptim", "GumbelAnnealingOptim")) {
            Optimizer o = r.build(Optimizer.KIND, name, com.typesafe.config.ConfigFactory.empty(), Map.of());
            assertTrue(o instanceof GradientOptimizer, name);
        }
        BinaryGateOptim b = (BinaryGateOptim) r.build(Optimizer.KIND, "BinaryGateOptim", com.typesafe.config.ConfigFactory.empty(), Map.of());
        assertEquals(new AlphaAdam.Settings(0.006, 0, 0.999, 0), b.adam().settings());
        DARTSOptim d = (DARTSOptim) r.build(Optimizer.KIND, "DARTS", com.typesafe.config.ConfigFactory.empty(), Map.of());
        assertEquals(new AlphaAdam.Settings(3e-4, 0.5, 0.999, 1e-3), d.adam().settings());
    }
}
