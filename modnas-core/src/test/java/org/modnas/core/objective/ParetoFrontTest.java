package org.modnas.core.objective;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.modnas.core.objective.ParetoFront.Criterion.max;
import static org.modnas.core.objective.ParetoFront.Criterion.min;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.modnas.core.util.Rng;

class ParetoFrontTest {
    private static Map<String, Double> row(Double acc, Double lat) {
        Map<String, Double> m = new HashMap<>();
        m.put("accuracy", acc);
        m.put("latency_ms", lat);
        return m;
    }

    @Test
    void keepsNonDominatedRowsInRowOrder() {
        List<Map<String, Double>> rows = List.of(
                row(0.90, 30.0), // 0: front
                row(0.85, 31.0), // 1: dominated by 0
                row(0.80, 10.0), // 2: front
                row(0.95, 50.0), // 3: front
                row(0.80, 12.0)); // 4: dominated by 2
        assertEquals(List.of(0, 2, 3), ParetoFront.indices(rows, List.of(max("accuracy"), min("latency_ms"))));
    }

    @Test
    void tiesStayOnTheFront() {
        List<Map<String, Double>> rows = List.of(row(0.9, 20.0), row(0.9, 20.0), row(0.9, 21.0), row(0.8, 20.0));
        assertEquals(List.of(0, 1), ParetoFront.indices(rows, List.of(max("accuracy"), min("latency_ms"))));
    }

    @Test
    void rowsMissingAMetricAreLeftOut() {
        List<Map<String, Double>> rows = new ArrayList<>();
        rows.add(row(0.99, null));
        rows.add(row(0.5, 50.0));
        rows.add(row(Double.NaN, 1.0));
        rows.add(null);
        rows.add(row(0.4, Double.POSITIVE_INFINITY));
        assertEquals(List.of(1), ParetoFront.indices(rows, List.of(max("accuracy"), min("latency_ms"))));
        assertEquals(List.of(0), ParetoFront.indices(rows, List.of(max("accuracy"))));
        assertEquals(List.of(), ParetoFront.indices(List.of(), List.of(max("accuracy"))));
    }

    @Test
    void singleCriterionKeepsAllBestTies() {
        List<Map<String, Double>> rows = List.of(row(0.9, 1.0), row(0.7, 1.0), row(0.9, 2.0));
        assertEquals(List.of(0, 2), ParetoFront.indices(rows, List.of(max("accuracy"))));
        assertEquals(List.of(0, 1), ParetoFront.indices(rows, List.of(min("latency_ms"))));
    }

    @Test
    void agreesWithPairwiseDefinition() {
        Rng r = new Rng(4);
        List<Map<String, Double>> rows = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            Map<String, Double> m = new HashMap<>();
            m.put("accuracy", (double) r.nextInt(20));
            m.put("latency_ms", (double) r.nextInt(20));
            m.put("params", (double) r.nextInt(20));
            rows.add(m);
        }
        List<ParetoFront.Criterion> cs = List.of(max("accuracy"), min("latency_ms"), min("params"));
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            boolean dominated = false;
            for (int j = 0; j < rows.size() && !dominated; j++) {
                dominated = ParetoFront.dominates(vec(rows.get(j)), vec(rows.get(i)));
            }
            if (!dominated) {
                expected.add(i);
            }
        }
        assertEquals(expected, ParetoFront.indices(rows, cs));
    }

    @Test
    void twoCriteriaAgreeWithThePairwiseDefinitionWithManyTiesAndOnAFrontOfEveryRow() {
        Rng r = new Rng(7);
        for (int grid : new int[] {3, 10, 1000}) {
            List<Map<String, Double>> rows = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                rows.add(Map.of("accuracy", (double) r.nextInt(grid), "macs", (double) r.nextInt(grid)));
            }
            List<Integer> expected = new ArrayList<>();
            for (int i = 0; i < rows.size(); i++) {
                boolean dominated = false;
                for (int j = 0; j < rows.size() && !dominated; j++) {
                    dominated = ParetoFront.dominates(new double[] {rows.get(j).get("accuracy"), -rows.get(j).get("macs")},
                            new double[] {rows.get(i).get("accuracy"), -rows.get(i).get("macs")});
                }
                if (!dominated) {
                    expected.add(i);
                }
            }
            assertEquals(expected, ParetoFront.indices(rows, List.of(max("accuracy"), min("macs"))), "grid " + grid);
        }
        // accuracy rising with cost: every row is on the front, found in one sweep
        List<Map<String, Double>> rising = new ArrayList<>();
        for (int i = 0; i < 200_000; i++) {
            rising.add(Map.of("accuracy", i / 200_000.0, "macs", (double) i));
        }
        assertEquals(200_000, ParetoFront.indices(rising, List.of(max("accuracy"), min("macs"))).size());
    }

    private static double[] vec(Map<String, Double> m) {
        return new double[] {m.get("accuracy"), -m.get("latency_ms"), -m.get("params")};
    }

    @Test
    void needsACriterion() {
        assertEquals("a Pareto front needs at least one criterion",
                assertThrows(IllegalArgumentException.class, () -> ParetoFront.indices(List.of(), List.of())).getMessage());
    }
}
