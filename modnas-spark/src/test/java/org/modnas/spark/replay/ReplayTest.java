package org.modnas.spark.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modnas.core.arch.ArchDesc;
import org.modnas.core.arch.ArchSpace;
import org.modnas.core.arch.Categorical;
import org.modnas.core.config.ConfigLoader;
import org.modnas.core.estim.CandidateStatus;
import org.modnas.spark.SparkTestSessions;
import org.modnas.spark.driver.SparkSearch;
import org.modnas.spark.table.CandidateRow;
import org.modnas.spark.table.ParquetAppender;
import org.modnas.spark.table.TableFiles;

/**
 * A small exhaustive ground truth with a known answer: 9 architectures of two params, each trained
 * to resources 1, 2 and 4 (one second per unit of resource), the final accuracy 0.5 + 0.05·i + 0.01·j
 * for choices i and j (the best is (z, r) at 0.62), every earlier rung lower by 0.1 / resource (the
 * same order). Replays, the table estimator in a real search, and the rank benchmark answer from it.
 */
class ReplayTest {
    private static final List<String> A = List.of("x", "y", "z");
    private static final List<String> B = List.of("p", "q", "r");
    private static final ArchSpace SPACE = ArchSpace.of(new Categorical("a", A), new Categorical("b", B));
    @TempDir
    static Path tmp;
    private static Path table;

    static double finalAccuracy(int i, int j) {
        return 0.5 + 0.05 * i + 0.01 * j;
    }

    @BeforeAll
    static void writeTable() throws Exception {
        table = tmp.resolve("truth");
        List<CandidateRow> rows = new ArrayList<>();
        long t = 1_000_000L;
        long seq = 0;
        double[] resources = {1, 2, 4};
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                ArchDesc d = ArchDesc.of(SPACE, List.of(A.get(i), B.get(j)));
                for (int k = 0; k < 3; k++) {
                    double acc = finalAccuracy(i, j) - (k == 2 ? 0 : 0.1 / resources[k]);
                    long slice = (long) ((resources[k] - (k == 0 ? 0 : resources[k - 1])) * 1000);
                    rows.add(new CandidateRow("truth", d.hash(), seq, 0, k, resources[k], null, "GridSearchOptim", d.toJson(),
                            Map.of("a", A.get(i), "b", B.get(j)), CandidateStatus.OK, acc, acc, 1 - acc, 1000L * (i * 3 + j + 1),
                            100L * (i * 3 + j + 1), -acc, slice / 1000.0, 1, Map.of("steps", resources[k]), "driver", "h", null,
                            "cpu", 0, null, t, t + slice, 1, "c", "v"));
                    t += slice;
                }
                seq++;
            }
        }
        try (ParquetAppender a = new ParquetAppender(new org.apache.hadoop.fs.Path(table.resolve("candidates").toUri()),
                new Configuration(), 10, 3600)) {
            rows.forEach(a::append);
        }
    }

    @Test
    void theGroundTruthAnswersEachArchitectureAtEachResourceAndRefusesWhatItLacks() {
        GroundTruth g = GroundTruth.load(table.toString());
        assertEquals(9, g.entries().size());
        assertTrue(g.exhaustive());
        assertEquals(List.of("a", "b"), g.space().names());
        ArchDesc zr = ArchDesc.of(SPACE, List.of("z", "r"));
        assertEquals(0.62, g.at(zr, null).metric("accuracy"), 1e-12);
        assertEquals(0.62 - 0.05, g.at(zr, 2.0).metric("accuracy"), 1e-12);
        assertEquals(4.0, g.get(zr).fullSeconds(), 1e-9, "1 + 1 + 2 seconds of slices");
        assertEquals(0.62, g.bestFinal("accuracy"), 1e-12);
        IllegalArgumentException at = assertThrows(IllegalArgumentException.class, () -> g.at(zr, 3.0));
        assertTrue(at.getMessage().contains("no row of {\"a\":\"z\",\"b\":\"r\"} at resource 3.0; its rows are at [1.0, 2.0, 4.0]"),
                at.getMessage());
        ArchDesc other = ArchDesc.of(List.of("a", "b"), List.of("w", "r"));
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> g.get(other));
        assertTrue(unknown.getMessage().contains("has no row for the architecture {\"a\":\"w\",\"b\":\"r\"}"), unknown.getMessage());
    }

    @Test
    void aReplayedGridSearchTrainsEveryArchitectureOnTheSimulatedClockAndEndsAtTheBest() {
        GroundTruth g = GroundTruth.load(table.toString());
        ReplaySearch grid = new ReplaySearch(g, () -> SearchBenchmark.optimizer("type = GridSearchOptim", g.space(), 1), null,
                "accuracy", 1);
        ReplaySearch.Outcome all = grid.run(36);
        assertEquals(9, all.started());
        assertEquals(9, all.fullyTrained());
        assertEquals(0.62, all.incumbent(), 1e-12);
        assertEquals(finalAccuracy(0, 0), all.incumbentAt(4), 1e-12, "the first architecture ends at 4 s");
        assertTrue(Double.isNaN(all.incumbentAt(3.9)), "nothing fully trained before");
        ReplaySearch.Outcome half = grid.run(20);
        assertEquals(5, half.fullyTrained(), "what ends after the budget never reports");
        ReplaySearch twoSlots = new ReplaySearch(g, () -> SearchBenchmark.optimizer("type = GridSearchOptim", g.space(), 1),
                null, "accuracy", 2);
        assertEquals(9, twoSlots.run(20).fullyTrained(), "two slots: 5 rounds of 4 s");
        assertEquals(all, grid.run(36), "a replay is deterministic");
    }

    @Test
    void underAshaEarlyRungsPruneAndTheSameBudgetStartsMoreCandidates() {
        GroundTruth g = GroundTruth.load(table.toString());
        ReplaySearch plain = new ReplaySearch(g, () -> SearchBenchmark.optimizer("type = RandomSearchOptim", g.space(), 3),
                null, "accuracy", 1);
        ReplaySearch asha = new ReplaySearch(g, () -> SearchBenchmark.optimizer("type = RandomSearchOptim", g.space(), 3),
                () -> SearchBenchmark.scheduler("ASHA", 1, 4, 2, 1), "accuracy", 1);
        ReplaySearch.Outcome p = plain.run(12);
        ReplaySearch.Outcome a = asha.run(12);
        assertEquals(3, p.started());
        assertTrue(a.started() > p.started(), "ASHA started " + a.started());
        assertTrue(a.fullyTrained() < a.started(), "some stopped early");
        assertTrue(a.incumbent() <= 0.62 + 1e-12);
    }

    @Test
    void theTableEstimatorAnswersARealSearchUnderEveryRungAndFailsAnArchitectureItLacks() throws Exception {
        SparkSession spark = SparkTestSessions.local2();
        try {
            String conf = """
                    search_space.params { a = [x, y, z], b = [p, q, r] }
                    search.optim.type = GridSearchOptim
                    search.scheduler { type = AllRungs, min_resource = 1, max_resource = 4, reduction_factor = 2 }
                    search.budget.candidates = 9
                    spark.progress = false
                    spark.conf { "spark.ui.enabled" = false }
                    """ + "search.estim.search { type = TableEstimator, table = \"" + table + "\" }\n"
                    + "output.dir = \"" + tmp.resolve("runs") + "\"\nrun.id = replayed\n";
            SparkSearch.search(spark, new ConfigLoader().load(ConfigFactory.parseString(conf), "search", List.of()), System.err);
            GroundTruth truth = GroundTruth.load(table.toString());
            List<CandidateRow> rows = TableFiles.readAll(new org.apache.hadoop.fs.Path(
                    tmp.resolve("runs/replayed/candidates").toUri()), new Configuration());
            assertEquals(27, rows.size(), "9 architectures at 3 rungs");
            for (CandidateRow r : rows) {
                assertEquals(CandidateStatus.OK, r.status(), r.error());
                ArchDesc d = ArchDesc.parseCanonical(r.archDesc());
                assertEquals(truth.at(d, r.resource()).metric("accuracy"), r.accuracy(), 1e-12, d.toJson() + " @ " + r.resource());
            }
            SparkSearch.search(spark, new ConfigLoader().load(ConfigFactory.parseString(conf.replace("c = [x, y, z]", "")
                    .replace("a = [x, y, z]", "a = [x, w]").replace("run.id = replayed", "run.id = unknown")
                    .replace("candidates = 9", "candidates = 6")), "search", List.of()), System.err);
            List<CandidateRow> unknown = TableFiles.readAll(new org.apache.hadoop.fs.Path(
                    tmp.resolve("runs/unknown/candidates").toUri()), new Configuration());
            assertTrue(unknown.stream().anyMatch(r -> r.status() == CandidateStatus.FAILED
                    && r.error().contains("has no row for the architecture {\"a\":\"w\"")), "a desc the table lacks fails naming it");
        } finally {
            spark.stop();
        }
    }

    @Test
    void theBenchmarksPrintEveryCaseAndTheRankOfEveryCheapEstimate() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        SearchBenchmark.run(Map.of("table", table.toString(), "seeds", "4", "budget_s", "16", "slots", "1",
                "chart", tmp.resolve("regret.png").toString()), out);
        RankBenchmark.run(Map.of("table", table.toString()), out);
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(12, text.lines().filter(l -> l.startsWith("bench=search optimizer=")).count(), text);
        assertTrue(text.contains("bench=search architectures=9 exhaustive=true best_accuracy=0.6200"), text);
        assertTrue(text.contains("bench=search optimizer=random scheduler=none"), text);
        assertTrue(tmp.resolve("regret.png").toFile().length() > 1000, "the regret chart");
        // every earlier rung and the parameter count order the architectures exactly as their final accuracy;
        // latency_ms was written as -accuracy, the reverse order
        assertTrue(text.contains("bench=rank estimate=rung0@1 n=9 spearman=1.000 kendall=1.000"), text);
        assertTrue(text.contains("bench=rank estimate=rung1@2 n=9 spearman=1.000 kendall=1.000"), text);
        assertTrue(text.contains("bench=rank estimate=params n=9 spearman=1.000 kendall=1.000"), text);
        assertTrue(text.contains("bench=rank estimate=latency_ms n=9 spearman=-1.000 kendall=-1.000"), text);
    }

    @Test
    void aPerfectProxysWarmUpTrainsTheBestArchitectureFirst() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        // the table itself as the proxy run, its final accuracy as the proxy: the warm-up's one candidate is the best
        SearchBenchmark.run(Map.of("table", table.toString(), "seeds", "3", "budget_s", "16", "slots", "1",
                "proxies", table.toString(), "proxy", "accuracy", "prefilter", "9", "top", "1",
                "optimizers", "random"), new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String text = bytes.toString(StandardCharsets.UTF_8);
        String warm = text.lines().filter(l -> l.contains("scheduler=zc-warmup")).findFirst().orElseThrow(() -> new AssertionError(text));
        assertTrue(warm.contains("at_100pct=0.6200"), warm);
        assertTrue(warm.contains("trained_to_reach_random=1.0 reached=3/3"), warm);
    }
}
