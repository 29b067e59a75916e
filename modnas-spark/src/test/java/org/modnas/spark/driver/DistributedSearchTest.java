package org.modnas.spark.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.modnas.core.arch.ArchDesc;
import org.modnas.core.config.ConfigLoader;
import org.modnas.core.export.DescFiles;
import org.modnas.core.search.Seeds;
import org.modnas.spark.SparkSessionExtension;
import org.modnas.spark.table.CandidatesTable;

/** A real search in local[2]: table contents, exports, faults, resume and reading without project classes. */
@ExtendWith(SparkSessionExtension.class)
class DistributedSearchTest {
    private static SparkSession spark;
    @TempDir
    static Path tmp;

    @BeforeAll
    static void start(SparkSession session) {
        spark = session;
    }

    static Config config(String runId, String estim, String extra) {
        return ConfigFactory.parseString("""
                search_space.params { slot_0 = [a, b, c, d], slot_1 = [x, y, z], slot_2 = [p, q] }
                search.optim.type = ShuffleTestOptim
                spark.progress = false
                """ + "run.id = " + runId + "\noutput.dir = \"" + tmp + "\"\nsearch.estim.search " + estim + "\n" + extra);
    }

    @Test
    void smallSearchWritesOneRowPerCandidateWithEveryColumnFilled() throws Exception {
        List<String> descriptions = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        org.apache.spark.scheduler.SparkListener jobs = new org.apache.spark.scheduler.SparkListener() {
            @Override
            public void onJobStart(org.apache.spark.scheduler.SparkListenerJobStart start) {
                descriptions.add(String.valueOf(start.properties().getProperty("spark.job.description")));
            }
        };
        spark.sparkContext().addSparkListener(jobs);
        SearchSummary s;
        try {
            s = SparkSearch.search(spark, config("small", "{ type = SleepEstimator, seconds = 0.05 }",
                    "search.budget.candidates = 10"), System.err);
        } finally {
            spark.sparkContext().removeSparkListener(jobs);
        }
        assertTrue(descriptions.stream().anyMatch(d -> d.matches("modnas small: (candidate|\\d+ candidates) #0 [0-9a-f]{16}.* \\(generation 0\\)")),
                descriptions.toString());
        assertEquals(10, s.total());
        assertEquals(10, s.evaluatedHere());
        assertEquals("candidate budget", s.stopReason());

        List<Row> rows = SparkSearch.table(spark, s.runDir()).collectAsList();
        assertEquals(10, rows.size());
        long runSeed = new ConfigLoader().reference().getLong("run.seed");
        Set<String> ids = new HashSet<>();
        for (Row r : rows) {
            ids.add(r.getAs("candidate_id"));
            assertEquals("OK", r.getAs("status"));
            for (String col : CandidatesTable.columns()) {
                if (col.equals("error") || col.equals("gpu") || col.equals("resource") || col.equals("bracket")) {
                    assertNull(r.getAs(col), col);
                } else {
                    assertNotNull(r.getAs(col), col);
                }
            }
            ArchDesc d = ArchDesc.parseCanonical(r.getAs("arch_desc"));
            assertEquals(d.hash(), r.getAs("candidate_id"));
            assertEquals(Seeds.candidateSeed(runSeed, d), (long) r.getAs("seed"),
                    "the seed the in-process loop would give the same candidate");
            assertEquals(3, r.<scala.collection.Map<String, String>>getAs("arch").size());
            assertEquals((double) r.getAs("accuracy"), (double) r.getAs("score"));
            assertEquals("ShuffleTestOptim", r.getAs("optimizer"));
            assertTrue((double) r.getAs("train_seconds") >= 0.05);
        }
        assertEquals(10, ids.size());

        // the slot-traversal list that `modnas train --arch` reads
        Object best = DescFiles.readValue(Path.of(s.runDir(), "outputs", "arch_search_best.yaml"));
        assertEquals(ArchDesc.parseCanonical(s.bestArchDesc()).values(), best);
        assertFalse(Files.exists(Path.of(s.runDir(), "outputs", "arch_search_best.json")));
        JsonNode results = new ObjectMapper().readTree(Path.of(s.runDir(), "outputs", "search_results.json").toFile());
        assertEquals(10, results.get("candidates").asInt());
        assertEquals(s.bestCandidateId(), results.get("best_candidate_id").asText());
        assertEquals(10, results.get("results").size());
        assertTrue(Files.readString(Path.of(s.runDir(), "config.conf")).contains("config hash"));
        assertTrue(Files.isRegularFile(Path.of(s.runDir(), "report", "index.html")));
        assertTrue(Files.isRegularFile(Path.of(s.runDir(), "optimizer", "snapshot.json")));
        try (var logs = Files.list(Path.of(s.runDir(), "logs"))) {
            assertEquals(1, logs.filter(f -> f.getFileName().toString().endsWith(".log")).count());
        }
    }

    @Test
    void throwingNanAndHangingCandidatesLeaveFailedAndTimeoutRowsAndTheSearchFinishes() {
        SearchSummary s = SparkSearch.search(spark, config("faults",
                "{ type = FaultyTestEstimator, fail_choice = a, nan_choice = b, hang_choice = x }",
                "search.budget.candidates = 24\nspark.candidate_timeout_s = 0.5"), System.err);
        assertEquals(24, s.total());
        assertEquals("candidate budget", s.stopReason());
        List<Row> rows = SparkSearch.table(spark, s.runDir()).collectAsList();
        assertEquals(24, rows.size());
        for (Row r : rows) {
            ArchDesc d = ArchDesc.parseCanonical(r.getAs("arch_desc"));
            String expected = d.value(0).equals("a") ? "FAILED" : d.value(1).equals("x") ? "TIMEOUT"
                    : d.value(0).equals("b") ? "FAILED" : "OK";
            assertEquals(expected, r.getAs("status"), d.toJson());
            if (expected.equals("OK")) {
                assertNull(r.getAs("error"));
                assertNotNull(r.getAs("score"));
            } else {
                assertNotNull(r.getAs("error"));
                assertNull(r.getAs("score"));
                assertNull(r.getAs("accuracy"));
                assertEquals(0, (int) r.getAs("attempt"), "deterministic failures are not retried by Spark");
            }
        }
        assertTrue(rows.stream().anyMatch(r -> String.valueOf(r.<String>getAs("error")).contains("boom on a")));
        assertTrue(rows.stream().anyMatch(r -> String.valueOf(r.<String>getAs("error")).contains("loss is NaN")));
    }

    @Test
    void rerunWithTheFullBudgetResumesWithoutEvaluatingFinishedCandidatesAgain() {
        SearchSummary first = SparkSearch.search(spark, config("resume", "{ type = NoOpEstimator }",
                "search.budget.candidates = 7"), System.err);
        assertEquals(7, first.total());
        SearchSummary second = SparkSearch.search(spark, config("resume", "{ type = NoOpEstimator }",
                "search.budget.candidates = 15"), System.err);
        assertEquals(15, second.total());
        assertEquals(8, second.evaluatedHere());
        assertEquals(0, second.replayed(), "the optimizer is restored from its snapshot, which covers the first 7");
        Dataset<Row> raw = spark.read().parquet(second.runDir() + "/candidates");
        assertEquals(15, raw.count());
        assertEquals(15, raw.select("candidate_id").distinct().count());
        assertEquals(15, raw.select("seq").distinct().count());

        SearchSummary third = SparkSearch.search(spark, config("resume", "{ type = NoOpEstimator }",
                "search.budget.candidates = 15"), System.err);
        assertEquals(0, third.evaluatedHere());
        assertEquals(15, spark.read().parquet(second.runDir() + "/candidates").count());
    }

    @Test
    void withoutAUsableSnapshotTheFreshOptimizerReplaysTheTable() throws Exception {
        SearchSummary first = SparkSearch.search(spark, config("replay", "{ type = NoOpEstimator }",
                "search.budget.candidates = 7"), System.err);
        Files.writeString(Path.of(first.runDir(), "optimizer", "snapshot.json"), "{ not json");
        SearchSummary second = SparkSearch.search(spark, config("replay", "{ type = NoOpEstimator }",
                "search.budget.candidates = 15"), System.err);
        assertEquals(15, second.total());
        assertEquals(8, second.evaluatedHere());
        assertEquals(7, second.replayed(), "the seeded optimizer proposes the first 7 again; their rows are replayed");
        assertEquals(15, spark.read().parquet(second.runDir() + "/candidates").select("candidate_id").distinct().count());
        JsonNode snap = new ObjectMapper().readTree(Path.of(first.runDir(), "optimizer", "snapshot.json").toFile());
        assertEquals(15, snap.get("covered_rows").asInt(), "the corrupt snapshot was replaced");
    }

    @Test
    void aSnapshotsRunningCandidatesAreToldTheirRowsOrShippedAgain() throws Exception {
        SearchSummary first = SparkSearch.search(spark, config("unfinished", "{ type = NoOpEstimator }",
                "search.budget.candidates = 6\nspark.flush_rows = 1"), System.err);
        Path file = Path.of(first.runDir(), "optimizer", "snapshot.json");
        ObjectMapper json = new ObjectMapper();
        ObjectNode snap = (ObjectNode) json.readTree(file.toFile());
        // as if the driver died with seq 5 running: the snapshot lists it, and its row is there
        Row last = SparkSearch.table(spark, first.runDir()).where("seq = 5").first();
        snap.put("covered_rows", 5);
        snap.putArray("unfinished").addObject().put("seq", 5).put("desc", last.<String>getAs("arch_desc"))
                .put("generation", 0);
        Files.writeString(file, json.writeValueAsString(snap));
        SearchSummary second = SparkSearch.search(spark, config("unfinished", "{ type = NoOpEstimator }",
                "search.budget.candidates = 8\nspark.flush_rows = 1"), System.err);
        assertEquals(1, second.replayed(), "the running candidate's row is told to the restored optimizer");
        assertEquals(2, second.evaluatedHere());

        // and with its row gone (the driver died before writing it), it is evaluated again under its seq
        snap = (ObjectNode) json.readTree(file.toFile());
        Row running = SparkSearch.table(spark, first.runDir()).where("seq = 7").first();
        snap.put("covered_rows", 7);
        snap.putArray("unfinished").addObject().put("seq", 7).put("desc", running.<String>getAs("arch_desc"))
                .put("generation", 0);
        Files.writeString(file, json.writeValueAsString(snap));
        try (var parts = Files.list(Path.of(first.runDir(), "candidates"))) {
            for (Path p : parts.toList()) {
                String n = p.getFileName().toString();
                if (n.startsWith("part-00000007")) {
                    Files.delete(p);
                }
            }
        }
        assertEquals(7, SparkSearch.table(spark, first.runDir()).count());
        SearchSummary third = SparkSearch.search(spark, config("unfinished", "{ type = NoOpEstimator }",
                "search.budget.candidates = 8\nspark.flush_rows = 1"), System.err);
        assertEquals(1, third.evaluatedHere());
        List<Row> rows = SparkSearch.table(spark, first.runDir()).collectAsList();
        assertEquals(8, rows.size());
        assertEquals(running.<String>getAs("candidate_id"), rows.get(7).<String>getAs("candidate_id"));
        assertEquals(7L, (long) rows.get(7).<Long>getAs("seq"));
    }

    @Test
    void theTableStreamsToTheDriverWithRegistrationRequired() {
        SearchSummary s = SparkSearch.search(spark, config("stream", "{ type = NoOpEstimator }",
                "search.budget.candidates = 5"), System.err);
        java.util.Iterator<Row> it = SparkSearch.table(spark, s.runDir()).toLocalIterator();
        int n = 0;
        while (it.hasNext()) {
            it.next();
            n++;
        }
        assertEquals(5, n);
    }

    @Test
    void plainSessionReadsTheTableAndAnswersBestByAccuracy() {
        SearchSummary s = SparkSearch.search(spark, config("plain", "{ type = NoOpEstimator }",
                "search.budget.candidates = 12"), System.err);
        // what a notebook does: plain Parquet, Spark SQL, no project schema or classes
        spark.read().parquet(s.runDir() + "/candidates").createOrReplaceTempView("candidates_plain");
        Row top = spark.sql("SELECT candidate_id, accuracy, arch['slot_0'] AS op0, finished_at FROM candidates_plain "
                + "WHERE status = 'OK' ORDER BY accuracy DESC LIMIT 1").first();
        assertEquals(s.bestCandidateId(), top.getString(0));
        assertEquals(s.bestScore(), top.getDouble(1), 1e-12);
        assertFalse(top.isNullAt(2));
        assertTrue(top.get(3) instanceof java.sql.Timestamp);
        Row counts = spark.sql("SELECT count(*), count(DISTINCT executor_id) FROM candidates_plain").first();
        assertEquals(12L, counts.getLong(0));
    }

    @Test
    void stopsAtTheTargetScore() {
        SearchSummary s = SparkSearch.search(spark, config("target", "{ type = NoOpEstimator }",
                "search.budget.candidates = 24\nsearch.budget.target_score = 0.0"), System.err);
        assertEquals("target score", s.stopReason());
        assertTrue(s.total() < 24, "stopped early: " + s.total());
    }
}
