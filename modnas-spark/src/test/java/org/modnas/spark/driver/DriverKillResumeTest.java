package org.modnas.spark.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.modnas.core.config.ConfigLoader;
import org.modnas.core.config.LoadedConfig;
import org.modnas.spark.SparkSessionExtension;

/**
 * A driver JVM killed mid-search (destroyForcibly, as a lost node would) loses no finished
 * row, and rerunning the same config and run id restores the optimizer from its snapshot and ends
 * with exactly the budget, no candidate twice. One stopped by SIGTERM (cron, systemd) ends without
 * a failure, frees its run at once, and its rerun finishes the budget.
 */
@ExtendWith(SparkSessionExtension.class)
class DriverKillResumeTest {
    private static SparkSession spark;
    @TempDir
    static Path tmp;

    @BeforeAll
    static void start(SparkSession session) {
        spark = session;
    }

    @Test
    void killedDriverRerunEndsWithExactlyTheBudgetAndNoDuplicates() throws Exception {
        Path conf = config("killed", "ShuffleTestOptim", 20, "spark.snapshot_interval_s = 0.3");
        Path table = tmp.resolve("killed/candidates");

        Process driver = DriverProcess.start(conf, tmp.resolve("driver.out"));
        try {
            Path snapshot = tmp.resolve("killed/optimizer/snapshot.json");
            awaitWhileAlive(driver, 90, () -> parquetFiles(table) >= 2 && Files.exists(snapshot));
            assertTrue(driver.isAlive(), "the driver finished before it could be killed: "
                    + Files.readString(tmp.resolve("driver.out")));
        } finally {
            driver.destroyForcibly().waitFor();
        }
        long before = spark.read().parquet(table.toString()).count();
        assertTrue(before >= 2 && before < 20, "rows before the rerun: " + before);

        LoadedConfig c = new ConfigLoader().loadAny(conf, List.of("spark.progress=false"));
        SearchSummary s = SparkSearch.search(spark, c, System.err);
        assertEquals(20, s.total());
        assertEquals(20 - before, s.evaluatedHere(), "finished candidates are never evaluated again");
        Dataset<Row> raw = spark.read().parquet(table.toString());
        assertEquals(20, raw.count());
        assertEquals(20, raw.select("candidate_id").distinct().count());
        try (var logs = Files.list(tmp.resolve("killed/logs"))) {
            String log = logs.map(f -> {
                try {
                    return Files.readString(f);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).reduce("", String::concat);
            assertTrue(log.contains("optimizer restored from optimizer/snapshot.json"), log);
        }
    }

    @Test
    void aSecondDriverOnTheSameRunIsRefusedNamingTheFirstWhichEndsAlone() throws Exception {
        Path conf = config("twice", "RandomSearchOptim", 12, "spark.progress = false");
        Process first = DriverProcess.start(conf, tmp.resolve("first.out"));
        try {
            awaitWhileAlive(first, 60, () -> Files.exists(tmp.resolve("twice/lease")));
            Process second = DriverProcess.start(conf, tmp.resolve("second.out"));
            assertTrue(second.waitFor(60, TimeUnit.SECONDS), "the second driver ends");
            String said = Files.readString(tmp.resolve("second.out"));
            assertEquals(2, second.exitValue(), said);
            assertTrue(said.contains("search refused: run folder ") && said.contains("is in use by another driver (host ")
                    && said.contains("pid " + first.pid()), said);
            assertTrue(first.waitFor(120, TimeUnit.SECONDS), "the first driver ends");
            assertEquals(0, first.exitValue(), Files.readString(tmp.resolve("first.out")));
        } finally {
            first.destroyForcibly().waitFor();
        }
        Dataset<Row> raw = spark.read().parquet(tmp.resolve("twice/candidates").toString());
        assertEquals(12, raw.count(), "every candidate written once");
        assertEquals(12, raw.select("candidate_id").distinct().count());
        assertTrue(!Files.exists(tmp.resolve("twice/lease")), "the lease is released at the end");
    }

    @Test
    void aDriverStoppedBySigtermReportsNoFailureFreesItsRunAndTheRerunFinishesIt() throws Exception {
        Path conf = config("term", "RandomSearchOptim", 16, "spark.progress = false");
        Path table = tmp.resolve("term/candidates");
        Process driver = DriverProcess.start(conf, tmp.resolve("term.out"));
        try {
            awaitWhileAlive(driver, 90, () -> parquetFiles(table) >= 2);
            assertTrue(driver.isAlive(), "the driver finished before the signal: " + Files.readString(tmp.resolve("term.out")));
            driver.destroy(); // SIGTERM
            assertTrue(driver.waitFor(60, TimeUnit.SECONDS), "the driver stops on SIGTERM");
        } finally {
            driver.destroyForcibly().waitFor();
        }
        String said = Files.readString(tmp.resolve("term.out"));
        assertEquals(143, driver.exitValue(), said);
        assertTrue(!said.contains("search failed"), "no failure: " + said);
        assertTrue(!Files.exists(tmp.resolve("term/lease")), "the lease is released on SIGTERM");

        Process rerun = DriverProcess.start(conf, tmp.resolve("rerun.out"));
        assertTrue(rerun.waitFor(120, TimeUnit.SECONDS), "the rerun ends");
        assertEquals(0, rerun.exitValue(), Files.readString(tmp.resolve("rerun.out")));
        Dataset<Row> raw = spark.read().parquet(table.toString());
        assertEquals(16, raw.count(), "every candidate written once");
        assertEquals(16, raw.select("candidate_id").distinct().count());
    }

    @Test
    void aDriverKilledOutrightWithItsRunFolderOnHdfsLosesNoRowAndTheRerunTakesOverItsLease() throws Exception {
        try (org.modnas.spark.store.MiniHdfs hdfs = org.modnas.spark.store.MiniHdfs.start(tmp.resolve("hdfs"))) {
            String runs = hdfs.uri() + "/runs";
            org.modnas.core.store.Location run = org.modnas.core.store.Location.of(runs + "/remote");
            Path conf = config("remote", "ShuffleTestOptim", 20, "spark.snapshot_interval_s = 0.3\noutput.dir = \"" + runs + "\"");
            Process driver = DriverProcess.start(conf, tmp.resolve("remote.out"));
            try {
                awaitWhileAlive(driver, 90, () -> {
                    try {
                        return run.resolve("candidates").list().stream().filter(l -> l.name().endsWith(".parquet")).count() >= 2
                                && run.resolve("optimizer/snapshot.json").isFile();
                    } catch (java.io.IOException e) {
                        return false;
                    }
                });
                assertTrue(driver.isAlive(), "the driver finished before it could be killed: "
                        + Files.readString(tmp.resolve("remote.out")));
            } finally {
                driver.destroyForcibly().waitFor();
            }
            assertTrue(run.resolve("lease").isFile(), "a driver killed outright leaves its lease");
            long before = spark.read().parquet(runs + "/remote/candidates").count();
            assertTrue(before >= 2 && before < 20, "rows before the rerun: " + before);

            // the holder was a process of this host that no longer runs: its lease on HDFS is taken over at once
            LoadedConfig c = new ConfigLoader().loadAny(conf, List.of("spark.progress=false"));
            SearchSummary s = SparkSearch.search(spark, c, System.err);
            assertEquals(20, s.total());
            assertEquals(20 - before, s.evaluatedHere(), "finished candidates are never evaluated again");
            Dataset<Row> raw = spark.read().parquet(runs + "/remote/candidates");
            assertEquals(20, raw.count());
            assertEquals(20, raw.select("candidate_id").distinct().count());
            assertTrue(!run.resolve("lease").exists(), "the rerun released the lease");
        }
    }

    /** A search of 0.3 s candidates in local[2] whose rows reach the table two at a time. */
    private static Path config(String runId, String optimizer, int candidates, String extra) throws java.io.IOException {
        Path conf = tmp.resolve(runId + ".conf");
        Files.writeString(conf, """
                search_space.params { slot_0 = [a, b, c, d], slot_1 = [x, y, z], slot_2 = [p, q] }
                search.estim.search { type = SleepEstimator, seconds = 0.3 }
                spark.master = "local[2]"
                spark.flush_rows = 2
                spark.flush_interval_s = 0.1
                spark.conf { "spark.ui.enabled" = false }
                """ + "search.optim.type = " + optimizer + "\nsearch.budget.candidates = " + candidates + "\nrun.id = " + runId
                + "\noutput.dir = \"" + tmp + "\"\n" + extra + "\n");
        return conf;
    }

    /** Waits, at most {@code seconds}, until {@code done} holds or the process ends. */
    private static void awaitWhileAlive(Process p, int seconds, java.util.function.BooleanSupplier done) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!done.getAsBoolean() && p.isAlive() && System.nanoTime() < until) {
            Thread.sleep(50);
        }
    }

    private static int parquetFiles(Path table) {
        File[] files = table.toFile().listFiles((d, n) -> n.endsWith(".parquet") && !n.startsWith("."));
        return files == null ? 0 : files.length;
    }
}
