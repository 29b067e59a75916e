package org.modnas.core.objective;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.modnas.core.registry.Registry;

class ObjectiveTest {
    private static final String KNOWN = "known metrics: accuracy, top5, loss, params, macs, latency_ms, train_seconds, epochs,"
            + " synflow, naswot, grad_norm, snip, jacob_cov";

    private static Map<String, Double> row(Object... kv) {
        Map<String, Double> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1] == null ? null : ((Number) kv[i + 1]).doubleValue());
        }
        return m;
    }

    private static Objective build(String name, String args) {
        return Registry.global().build(Objective.KIND, name, ConfigFactory.parseString(args), Map.of());
    }

    private static void assertMessage(String expected, Executable e) {
        assertEquals(expected, assertThrows(IllegalArgumentException.class, e).getMessage());
    }

    @Test
    void metricObjectiveMaximisesOrMinimises() {
        assertEquals(0.91, MetricObjective.accuracy().score(row("accuracy", 0.91, "loss", 0.3)));
        assertEquals(-0.3, new MetricObjective("loss", false).score(row("accuracy", 0.91, "loss", 0.3)));
    }

    @Test
    void missingOrNonFiniteMetricGivesNaN() {
        Objective o = MetricObjective.accuracy();
        assertTrue(Double.isNaN(o.score(row("loss", 0.3))));
        assertTrue(Double.isNaN(o.score(row("accuracy", null))));
        assertTrue(Double.isNaN(o.score(row("accuracy", Double.NaN))));
        assertTrue(Double.isNaN(o.score(row("accuracy", Double.POSITIVE_INFINITY))));
        assertTrue(Double.isNaN(o.score(null)));
        WeightedSumObjective w = new WeightedSumObjective(List.of(new WeightedSumObjective.Term("accuracy", 1, 1),
                new WeightedSumObjective.Term("macs", -1, 1e8)));
        assertTrue(Double.isNaN(w.score(row("accuracy", 0.9))));
        ProductObjective p = new ProductObjective("accuracy", List.of(ProductObjective.Term.soft("latency_ms", 20)));
        assertTrue(Double.isNaN(p.score(row("accuracy", 0.9))));
        assertTrue(Double.isNaN(p.score(row("latency_ms", 10))));
    }

    @Test
    void weightedSumAddsNormalisedTerms() {
        WeightedSumObjective w = new WeightedSumObjective(List.of(new WeightedSumObjective.Term("accuracy", 1, 1),
                new WeightedSumObjective.Term("macs", -0.1, 1e8), new WeightedSumObjective.Term("params", -0.5, 1e6)));
        assertEquals(0.9 - 0.1 * 3 - 0.5 * 2, w.score(row("accuracy", 0.9, "macs", 3e8, "params", 2e6)), 1e-12);
        assertEquals(List.of("accuracy", "macs", "params"), w.metrics());
    }

    @Test
    void productAppliesAlphaUnderAndBetaOverTarget() {
        ProductObjective p = new ProductObjective("accuracy", List.of(new ProductObjective.Term("latency_ms", 20, -0.07, -0.5)));
        assertEquals(0.8 * Math.pow(10 / 20.0, -0.07), p.score(row("accuracy", 0.8, "latency_ms", 10)), 1e-12);
        assertEquals(0.8, p.score(row("accuracy", 0.8, "latency_ms", 20)), 1e-12);
        assertEquals(0.8 * Math.pow(40 / 20.0, -0.5), p.score(row("accuracy", 0.8, "latency_ms", 40)), 1e-12);
        ProductObjective hard = new ProductObjective("accuracy", List.of(new ProductObjective.Term("macs", 1e8, 0, -1)));
        assertEquals(0.8, hard.score(row("accuracy", 0.8, "macs", 5e7)), 1e-12);
        assertEquals(0.4, hard.score(row("accuracy", 0.8, "macs", 2e8)), 1e-12);
        assertEquals(0.7, new ProductObjective("accuracy", List.of()).score(row("accuracy", 0.7)));
        assertEquals(0.8, hard.score(row("accuracy", 0.8, "macs", 0)), 1e-12, "0^0 = 1");
        ProductObjective soft = new ProductObjective("accuracy", List.of(ProductObjective.Term.soft("macs", 1e8)));
        assertTrue(Double.isNaN(soft.score(row("accuracy", 0.8, "macs", 0))), "0^-0.07 is infinite: NaN");
    }

    @Test
    void constructorsNameWhatIsWrong() {
        assertMessage("metric: unknown metric 'acc'; " + KNOWN, () -> new MetricObjective("acc", true));
        assertMessage("metric: unknown metric null; " + KNOWN, () -> new MetricObjective(null, true));
        assertMessage("term metric: unknown metric 'flops'; " + KNOWN, () -> new WeightedSumObjective.Term("flops", 1, 1));
        assertMessage("term 'macs': weight must be a finite number, got NaN", () -> new WeightedSumObjective.Term("macs", Double.NaN, 1));
        assertMessage("term 'macs': base must be a finite non-zero number, got 0.0", () -> new WeightedSumObjective.Term("macs", 1, 0));
        assertMessage("WeightedSumObjective needs at least one term in 'terms'", () -> new WeightedSumObjective(List.of()));
        assertMessage("term metric: unknown metric 'latency'; " + KNOWN, () -> new ProductObjective.Term("latency", 1, 0, 0));
        assertMessage("term 'latency_ms': target must be a finite positive number, got -5.0",
                () -> new ProductObjective.Term("latency_ms", -5, 0, 0));
        assertMessage("term 'latency_ms': alpha must be a finite number, got Infinity",
                () -> new ProductObjective.Term("latency_ms", 5, Double.POSITIVE_INFINITY, 0));
        assertMessage("term 'latency_ms': beta must be a finite number, got NaN",
                () -> new ProductObjective.Term("latency_ms", 5, 0, Double.NaN));
        assertMessage("metric: unknown metric 'top1'; " + KNOWN, () -> new ProductObjective("top1", List.of()));
    }

    @Test
    void registryBuildsEachObjectiveWithDefaults() {
        assertEquals("MetricObjective(max accuracy)", build("MetricObjective", "").toString());
        assertEquals("MetricObjective(min latency_ms)", build("metric", "metric = latency_ms, maximize = false").toString());
        WeightedSumObjective w = assertInstanceOf(WeightedSumObjective.class,
                build("WeightedSum", "terms = [{metric = accuracy}, {metric = macs, weight = -0.1, base = 1e8}]"));
        assertEquals(List.of(new WeightedSumObjective.Term("accuracy", 1, 1), new WeightedSumObjective.Term("macs", -0.1, 1e8)),
                w.terms());
        assertEquals(List.of(new WeightedSumObjective.Term("accuracy", 1, 1)),
                ((WeightedSumObjective) build("SumAgg", "")).terms());
        ProductObjective p = assertInstanceOf(ProductObjective.class,
                build("ProdAgg", "terms = [{metric = latency_ms, target = 20}, {metric = macs, target = 1e8, alpha = 0, beta = -1}]"));
        assertEquals(List.of(ProductObjective.Term.soft("latency_ms", 20), new ProductObjective.Term("macs", 1e8, 0, -1)), p.terms());
        assertEquals("accuracy", ((ProductObjective) build("Product", "")).metric());
    }

    @Test
    void registryRejectsBadTerms() {
        assertMessage("objective term 1 has no argument 'wieght'; its arguments: base, metric, weight",
                () -> build("WeightedSum", "terms = [{metric = accuracy}, {metric = macs, wieght = 2}]"));
        assertMessage("objective term 0 needs a 'metric'", () -> build("WeightedSum", "terms = [{weight = 2}]"));
        assertMessage("objective term 0 ('latency_ms') needs a 'target'", () -> build("Product", "terms = [{metric = latency_ms}]"));
        assertMessage("objective term 0 has no argument 'gamma'; its arguments: alpha, beta, metric, target",
                () -> build("Product", "terms = [{metric = latency_ms, target = 3, gamma = 1}]"));
        assertMessage("metric: unknown metric 'acc'; " + KNOWN, () -> build("MetricObjective", "metric = acc"));
        assertMessage("WeightedSumObjective needs at least one term in 'terms'", () -> build("WeightedSum", "terms = []"));
    }
}
