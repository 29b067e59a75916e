package org.modnas.models.estim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import com.typesafe.config.ConfigFactory;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.modnas.core.registry.Registry;
import org.modnas.core.util.Rng;
import org.modnas.models.space.SearchSpace;
import org.modnas.models.space.Spaces;
import org.modnas.models.space.TensorMixedOp;

/** The expected cost of a gradient search's architecture and the two forms it enters the loss in. */
class ArchCostTest {
    private static final Shape SAMPLE = new Shape(1, 28, 28);

    private static SearchSpace space() {
        return Spaces.build(ConfigFactory.parseString("""
                model { type = CIFAR_MobileNetV2, chn_in = 1, n_classes = 10, width_coeff = 0.35, depth_coeff = 0.5 }
                construct.mixed_op { type = DefaultMixedOpConstructor, mixed_op = WeightedSum, primitives = [MB3E1, MB3E6, MB5E6, NIL] }
                """), Registry.global(), 1);
    }

    private static ArchCost.Settings settings(String form, double target) {
        return ArchCost.Settings.from(ConfigFactory.parseString("cost_metric = macs, cost_form = \"" + form + "\", cost_target = "
                + target).withFallback(ConfigFactory.parseString(SuperNetEstimator.DEFAULTS)));
    }

    /** Costs add up over the ops, so the cost of any architecture is exactly the profile of that subnet. */
    @Test
    void theCostOfEveryArchitectureIsItsProfiledMacs() {
        SearchSpace space = space();
        ArchCost cost = ArchCost.macs(settings("mul#log", 5e6), space, SAMPLE);
        List<TensorMixedOp> ops = space.tensorMixedOps();
        Rng rng = new Rng(4);
        for (int trial = 0; trial < 5; trial++) {
            int[] choice = new int[ops.size()];
            for (int k = 0; k < ops.size(); k++) {
                choice[k] = rng.nextInt(ops.get(k).candidates().size());
                ops.get(k).fix(choice[k]);
            }
            assertEquals((double) space.stats(SAMPLE).macs(), cost.of(choice), 0.0);
            for (TensorMixedOp op : ops) {
                op.fix(-1);
            }
        }
    }

    /** With α one-hot in the limit the expectation is that architecture's cost; with α uniform, the mean over candidates. */
    @Test
    void theExpectedCostFollowsSoftmaxOfAlpha() {
        SearchSpace space = space();
        ArchCost cost = ArchCost.macs(settings("add#linear", 5e6), space, SAMPLE);
        try (NDManager m = NDManager.newBaseManager()) {
            space.network().initialize(m, DataType.FLOAT64, new Shape(2, 1, 28, 28));
            List<NDArray> alphas = space.alphaParameters().stream().map(Parameter::getArray).toList();
            int[] choice = new int[alphas.size()];
            for (int k = 0; k < alphas.size(); k++) {
                double[] a = new double[(int) alphas.get(k).size()];
                choice[k] = k % a.length;
                a[choice[k]] = 60;
                alphas.get(k).set(a);
            }
            assertEquals(cost.of(choice), cost.expectedValue(alphas, m), 1e-6 * cost.of(choice));
            double mean = cost.of(new int[alphas.size()]);
            for (int k = 0; k < alphas.size(); k++) {
                int n = (int) alphas.get(k).size();
                alphas.get(k).set(new double[n]);
                double sum = 0;
                for (int i = 0; i < n; i++) {
                    int[] one = new int[alphas.size()];
                    one[k] = i;
                    sum += cost.of(one) - cost.of(new int[alphas.size()]);
                }
                mean += sum / n;
            }
            assertEquals(mean, cost.expectedValue(alphas, m), 1e-9 * mean);
        }
    }

    @Test
    void theFormsAreProxylessNASs() {
        SearchSpace space = space();
        try (NDManager m = NDManager.newBaseManager()) {
            space.network().initialize(m, DataType.FLOAT64, new Shape(2, 1, 28, 28));
            List<NDArray> alphas = space.alphaParameters().stream().map(Parameter::getArray).toList();
            NDArray ce = m.create(1.7);
            ArchCost mul = ArchCost.macs(settings("mul#log", 4e6), space, SAMPLE);
            double e = mul.expectedValue(alphas, m);
            assertEquals(1.7 * Math.pow(Math.log(e) / Math.log(4e6), 0.6), mul.apply(ce, alphas, m).getDouble(), 1e-9);
            ArchCost add = ArchCost.macs(settings("add#linear", 4e6), space, SAMPLE);
            assertEquals(1.7 + 0.1 * (e - 4e6) / 4e6, add.apply(ce, alphas, m).getDouble(), 1e-9);
        }
    }

    @Test
    void aCostWithoutATargetIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> settings("mul#log", 0));
        assertTrue(e.getMessage().contains("cost_target must be > 1 with mul#log"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> settings("mul#exp", 10));
    }

    /** The latency table is measured on the device once, kept in its file, and read back for the same config only. */
    @Test
    void theLatencyTableIsMeasuredOnceAndKept(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        SearchSpace space = space();
        try (NDManager m = NDManager.newBaseManager()) {
            space.network().initialize(m, DataType.FLOAT32, new Shape(2, 1, 28, 28));
            java.nio.file.Path file = dir.resolve("search.latency.json");
            List<String> log = new java.util.ArrayList<>();
            LatencyTable t = LatencyTable.load(org.modnas.core.store.Location.of(file), "f1", space, m, new Shape(1, 1, 28, 28), 2, log::add);
            assertTrue(t.fixed() > 0, "milliseconds with every op at its first candidate: " + t.fixed());
            assertEquals(space.tensorMixedOps().size(), t.delta().length);
            assertEquals(0.0, t.delta()[0][0], 0.0, "the first candidate adds nothing");
            assertTrue(java.nio.file.Files.isRegularFile(file));
            LatencyTable again = LatencyTable.load(org.modnas.core.store.Location.of(file), "f1", space, m, new Shape(1, 1, 28, 28), 2, log::add);
            assertEquals(t.fixed(), again.fixed(), 0.0);
            assertTrue(java.util.Arrays.deepEquals(t.delta(), again.delta()));
            assertTrue(log.get(1).startsWith("latency table read from "), log.toString());
            LatencyTable other = LatencyTable.load(org.modnas.core.store.Location.of(file), "f2", space, m, new Shape(1, 1, 28, 28), 2, log::add);
            assertTrue(log.get(2).startsWith("latency table measured"), log.toString());
            ArchCost cost = ArchCost.latency(ArchCost.Settings.from(ConfigFactory.parseString(
                    "cost_metric = latency, cost_form = \"add#linear\", cost_target = 1").withFallback(
                    ConfigFactory.parseString(SuperNetEstimator.DEFAULTS))), other);
            assertEquals(other.fixed(), cost.of(new int[other.delta().length]), 0.0);
        }
    }
}
