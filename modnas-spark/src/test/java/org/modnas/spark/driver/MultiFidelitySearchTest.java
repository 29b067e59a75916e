package org.modnas.spark.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.modnas.core.config.ConfigLoader;
import org.modnas.core.config.LoadedConfig;
import org.modnas.core.estim.CandidateStatus;
import org.modnas.spark.SparkSessionExtension;
import org.modnas.spark.table.CandidateRow;
import org.modnas.spark.table.CandidatesTable;

/**
 * Early stopping with real promotion in local[2]: every (candidate, rung) once, promoted candidates
 * continue from the checkpoint of the rung below (the sleeping estimator checks it), the statuses
 * say where each candidate stopped, slots never idle while work is available, checkpoints that no
 * rung can use are deleted, and a killed driver's rerun continues the promotions.
 */
@ExtendWith(SparkSessionExtension.class)
class MultiFidelitySearchTest {
    private static SparkSession spark;
    @TempDir
    static Path tmp;

    @BeforeAll
    static void start(SparkSession session) {
        spark = session;
    }

    private static String conf(String runId, String scheduler, int budget, double seconds) {
        return """
                search_space.params { slot_0 = [a, b, c, d], slot_1 = [x, y, z], slot_2 = [p, q], slot_3 = [u, v, w] }
                search.optim.type = ShuffleTestOptim
                spark.progress = false
                spark.flush_rows = 2
                spark.flush_interval_s = 0.1
                spark.snapshot_interval_s = 0.3
                spark.conf { "spark.ui.enabled" = false }
                """ + "search.scheduler " + scheduler + "\nsearch.estim.search { type = SleepEstimator, seconds = " + seconds
                + " }\nsearch.budget.candidates = " + budget + "\nrun.id = " + runId + "\noutput.dir = \"" + tmp + "\"\n";
    }

    private static SearchSummary search(String text) {
        return SparkSearch.search(spark, new ConfigLoader().load(ConfigFactory.parseString(text), "search", List.of()),
                System.err);
    }

    private static List<CandidateRow> rows(String runId) {
        return CandidatesTable.rows(spark, tmp.resolve(runId).resolve("candidates").toUri().toString());
    }

    /** Each (candidate, rung) once; each row above rung 0 continues a row of the rung below; no trial failed. */
    private static Map<String, CandidateRow> checkRungs(List<CandidateRow> rows, int budget) {
        Map<String, CandidateRow> byKey = new HashMap<>();
        for (CandidateRow r : rows) {
            assertTrue(byKey.put(r.key(), r) == null, "a second row for " + r.key());
            assertFalse(r.status() == CandidateStatus.FAILED || r.status() == CandidateStatus.TIMEOUT, r.toString());
        }
        assertEquals(budget, rows.stream().filter(r -> r.rung() == 0).count(), "every candidate started once");
        for (CandidateRow r : rows) {
            if (r.rung() > 0) {
                CandidateRow below = byKey.get(r.candidateId() + "@" + (r.rung() - 1));
                assertNotNull(below, "rung " + r.rung() + " of " + r.candidateId() + " without the rung below");
                assertTrue(below.finishedAtMs() <= r.startedAtMs(), "continued after the rung below ended");
            }
        }
        return byKey;
    }

    @Test
    void ashaPromotesFromCheckpointsAndTheTableRecordsEveryRung() throws Exception {
        int budget = 18;
        SearchSummary s = search(conf("asha", "{ type = ASHA, min_resource = 1, max_resource = 9, reduction_factor = 3, "
                + "resource = epochs }", budget, 0.9));
        assertEquals("candidate budget", s.stopReason());
        List<CandidateRow> rows = rows("asha");
        Map<String, CandidateRow> byKey = checkRungs(rows, budget);
        long rung1 = rows.stream().filter(r -> r.rung() == 1).count();
        long rung2 = rows.stream().filter(r -> r.rung() == 2).count();
        assertTrue(rung1 >= budget / 3, "the top third of rung 0 went on at least: " + rung1);
        assertTrue(rung2 >= 1 && rung2 <= rung1, "rung 2: " + rung2);
        for (CandidateRow r : rows) {
            assertEquals(List.of(1.0, 3.0, 9.0).get(r.rung()), r.resource(), "the resource reached at rung " + r.rung());
            assertNotNull(r.score());
            if (r.rung() == 2) {
                assertEquals(CandidateStatus.OK, r.status(), "the last rung completes");
            } else if (r.status() == CandidateStatus.OK) {
                assertTrue(byKey.containsKey(r.candidateId() + "@" + (r.rung() + 1)), "an OK row below the top was promoted");
            }
        }
        assertTrue(rows.stream().anyMatch(r -> r.status() == CandidateStatus.PRUNED));
        // checkpoints: none of a candidate that completed, none of a promoted rung
        for (CandidateRow r : rows) {
            Path ckpt = tmp.resolve("asha/trials").resolve(r.candidateId()).resolve("rung-" + r.rung() + ".ckpt");
            if (r.rung() == 2 || byKey.containsKey(r.candidateId() + "@" + (r.rung() + 1))) {
                assertFalse(Files.exists(ckpt), "kept " + ckpt);
            }
        }
        // the best is a candidate trained to the last rung; the table read per candidate gives its final row
        assertEquals(2, byKey.get(s.bestCandidateId() + "@2").rung());
        assertEquals(budget, SparkSearch.table(spark, s.runDir()).count());
        assertTrue(Files.exists(tmp.resolve("asha/outputs/arch_search_best.yaml")));

        // show, report and export understand rungs
        java.io.ByteArrayOutputStream shown = new java.io.ByteArrayOutputStream();
        assertEquals(0, org.modnas.spark.report.ShowCommand.run(List.of(s.runDir()), new java.io.PrintStream(shown, true),
                System.err));
        String text = shown.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(text.contains("candidates   " + budget + " (OK "), text);
        assertTrue(text.contains("rung 0 at resource 1: " + budget + " candidates"), text);
        assertTrue(text.contains("rung 2 at resource 9: " + rung2 + " candidates, 0 stopped there"), text);
        assertTrue(Files.size(tmp.resolve("asha/report/learning_curves.png")) > 1000, "the learning-curve chart");
        assertTrue(Files.readString(tmp.resolve("asha/report/index.html")).contains("learning_curves.png"));
        Path all = tmp.resolve("asha-rungs.json");
        assertEquals(0, org.modnas.spark.report.ExportCommand.run(List.of(s.runDir(), "--format", "json", "--all-rungs",
                "--out", all.toString()), System.out, System.err));
        assertEquals(rows.size(), new com.fasterxml.jackson.databind.ObjectMapper().readTree(all.toFile()).size());
    }

    /**
     * While a promotion or a new candidate is available, a slot that frees is given work at once: every
     * trial that ends before the last candidate started is followed by a trial starting within a second
     * (the driver polls its queue every 0.2 s at most; trials here take 0.1 to 0.9 s, so a slot left
     * idle for a trial's length would show).
     */
    @Test
    void ashaKeepsEverySlotBusy() {
        search(conf("busy", "{ type = ASHA, min_resource = 1, max_resource = 9, reduction_factor = 3, resource = epochs }",
                16, 0.9));
        List<CandidateRow> rows = rows("busy");
        long lastStart = rows.stream().filter(r -> r.rung() == 0).mapToLong(CandidateRow::startedAtMs).max().orElseThrow();
        for (CandidateRow r : rows) {
            if (r.finishedAtMs() < lastStart) {
                long end = r.finishedAtMs();
                assertTrue(rows.stream().anyMatch(o -> o.startedAtMs() >= end - 50 && o.startedAtMs() <= end + 1000),
                        "a slot idled after " + r.key() + " ended at " + end);
            }
        }
    }

    @Test
    void successiveHalvingStopsForGoodAndHyperbandAssignsBrackets() {
        int budget = 12;
        search(conf("sh", "{ type = SuccessiveHalving, min_resource = 1, max_resource = 4, reduction_factor = 2 }",
                budget, 0.4));
        List<CandidateRow> sh = rows("sh");
        Map<String, CandidateRow> byKey = checkRungs(sh, budget);
        for (CandidateRow r : sh) {
            boolean next = byKey.containsKey(r.candidateId() + "@" + (r.rung() + 1));
            assertEquals(r.status() == CandidateStatus.OK && r.rung() < 2, next, "OK below the top ⇔ promoted: " + r);
        }
        search(conf("hb", "{ type = Hyperband, min_resource = 1, max_resource = 9, reduction_factor = 3, resource = epochs }",
                budget, 0.9));
        List<CandidateRow> hb = rows("hb");
        checkRungs(hb, budget);
        Set<Integer> brackets = new HashSet<>();
        for (CandidateRow r : hb) {
            assertNotNull(r.bracket());
            brackets.add(r.bracket());
            if (r.rung() == 0) {
                assertEquals(9.0 / Math.pow(3, r.bracket()), r.resource(), 1e-9, "bracket s starts at r_max·η^-s");
            }
        }
        assertTrue(brackets.size() >= 2, "candidates spread over brackets: " + brackets);
    }

    @Test
    void aSchedulerNeedsAnEstimatorThatTrainsInSlices() {
        Config c = ConfigFactory.parseString(conf("refused", "{ type = ASHA }", 4, 0.1)
                .replace("{ type = SleepEstimator, seconds = 0.1 }", "{ type = NoOpEstimator }"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SearchPlan.prepare(new ConfigLoader().load(c, "search", List.of())));
        assertTrue(e.getMessage().contains("search.scheduler.type = ASHA needs a candidate estimator that trains in slices"),
                e.getMessage());
    }

    @Test
    void aKilledDriversRerunEvaluatesEachRungOnceAndContinuesThePromotions() throws Exception {
        int budget = 16;
        Path conf = tmp.resolve("kill-rungs.conf");
        Files.writeString(conf, conf("killrungs", "{ type = SuccessiveHalving, min_resource = 1, max_resource = 9, "
                + "reduction_factor = 3, resource = epochs }", budget, 1.8).replace("spark.progress = false\n", "")
                + "spark.master = \"local[2]\"\n");
        Path table = tmp.resolve("killrungs/candidates");
        Process driver = DriverProcess.start(conf, tmp.resolve("kill-rungs.out"));
        try {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (driver.isAlive() && System.nanoTime() < until && !promotedRowWritten(table)) {
                Thread.sleep(100);
            }
            assertTrue(driver.isAlive(), "the driver finished before it could be killed: "
                    + Files.readString(tmp.resolve("kill-rungs.out")));
        } finally {
            driver.destroyForcibly().waitFor();
        }
        List<CandidateRow> before = rows("killrungs");
        assertTrue(before.size() < 2 * budget, "killed mid-search: " + before.size() + " rows");
        LoadedConfig c = new ConfigLoader().loadAny(conf, List.of("spark.progress=false"));
        SearchSummary s = SparkSearch.search(spark, c, System.err);
        List<CandidateRow> after = rows("killrungs");
        Map<String, CandidateRow> byKey = checkRungs(after, budget);
        for (CandidateRow r : before) {
            assertEquals(r.finishedAtMs(), byKey.get(r.key()).finishedAtMs(), "a finished rung is never run again: " + r.key());
        }
        assertEquals(after.size() - before.size(), s.evaluatedHere());
        for (CandidateRow r : after) {
            boolean next = byKey.containsKey(r.candidateId() + "@" + (r.rung() + 1));
            assertEquals(r.status() == CandidateStatus.OK && r.rung() < 2, next, "every promotion ran: " + r);
        }
    }

    /** True once the table holds a row above rung 0. */
    private static boolean promotedRowWritten(Path table) {
        if (!Files.isDirectory(table)) {
            return false;
        }
        try {
            return rows("killrungs").stream().anyMatch(r -> r.rung() > 0);
        } catch (RuntimeException e) {
            return false;
        }
    }
}
