package org.modnas.spark.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.modnas.spark.SparkTestSessions;
import org.modnas.spark.driver.SparkSearch;

/**
 * The README's "Clusters and GPUs" and "Scheduled runs" sections as a user runs them: the shipped
 * {@code conf/quickstart.conf} (whose own master is {@code local[2]}) submitted with the README's
 * {@code modnas-submit} line to a {@code local-cluster} with fake GPUs and to one without, shortened
 * by overrides, trains real DJL candidates in the cluster's executor JVMs; the nightly job's documented
 * invocation runs and then finds its budget spent; an executor JVM killed mid-search is replaced and
 * every candidate still ends once; GPUs no Worker offers stop the search instead of hanging; and
 * {@code submit/modnas search} and {@code bench spark} given the cluster's master ship the project's
 * jars themselves.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReadmeClusterIT {
    /** The quickstart, shortened: few candidates, short training, small validation. */
    private static final List<String> SHORT = List.of("search.estim.search.train_steps=8",
            "search.estim.search.valid_batches=2", "search.estim.search.latency_repeats=2", "data.limit_valid=128");
    private static final String QUICKSTART = Scripts.root().resolve("conf/quickstart.conf").toString();

    @TempDir
    static Path tmp;
    private static LocalCluster cluster;

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static LocalCluster cluster(boolean fakeGpus) {
        if (cluster != null && (cluster.dir.getFileName().toString().equals("gpu") != fakeGpus)) {
            cluster.close();
            cluster = null;
        }
        if (cluster == null) {
            cluster = LocalCluster.start(tmp.resolve(fakeGpus ? "gpu" : "cpu"), 2, fakeGpus);
        }
        return cluster;
    }

    private static String[] submit(String runId, int candidates, String... options) {
        List<String> args = new ArrayList<>(List.of(QUICKSTART, "--master", cluster.masterUrl));
        args.addAll(List.of(options));
        args.addAll(List.of("--conf", "spark.executor.memory=768m", "--conf", "spark.ui.enabled=false"));
        args.addAll(SHORT);
        args.addAll(List.of("search.budget.candidates=" + candidates, "run.id=" + runId,
                "output.dir=" + tmp.resolve("runs")));
        return args.toArray(new String[0]);
    }

    private static List<Row> rows(String runId) {
        SparkSession spark = SparkTestSessions.local2();
        try {
            return SparkSearch.table(spark, tmp.resolve("runs").resolve(runId).toString()).collectAsList();
        } finally {
            spark.stop();
        }
    }

    @Test
    @Order(1)
    void theReadmesGpuLineRunsTheQuickstartOnTheClustersExecutorsWithTheirGpus() {
        cluster(true);
        Scripts.Result r = Scripts.run(tmp.resolve("logs"), Duration.ofSeconds(300), "modnas-submit",
                submit("readme-gpu", 4, "--gpus-per-executor", "1"));
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("run readme-gpu: 4 candidates {OK=4}"), r.toString());
        List<Row> rows = rows("readme-gpu");
        assertEquals(4, rows.size());
        for (Row row : rows) {
            assertEquals("OK", row.getAs("status"), String.valueOf(row.<String>getAs("error")));
            assertNotEquals("driver", row.getAs("executor_id"), "the command line's master wins over the config's local[2]");
            assertTrue(Set.of("0", "1").contains(row.<String>getAs("gpu")), "a Worker's fake GPU: " + row.getAs("gpu"));
            assertEquals("cpu", row.getAs("device"), "no CUDA here: trainer.device = auto trains on the CPU");
            assertTrue(row.<Double>getAs("accuracy") > 0.05, "a real network was trained and validated");
        }
        String log = Scripts.read(onlyFile(tmp.resolve("runs/readme-gpu/logs")));
        assertTrue(log.contains("on Spark master " + cluster.masterUrl), log);
    }

    @Test
    @Order(2)
    void theNightlyJobRunsOnTheClusterAndThenFindsItsBudgetSpent() {
        cluster(true);
        Map<String, String> env = Map.of("MODNAS_CONFIG", QUICKSTART, "MODNAS_RUN_ID", "nightly-it",
                "MODNAS_MASTER", cluster.masterUrl, "MODNAS_ARGS", String.join(" ", SHORT) + " search.budget.candidates=2 "
                        + "--conf spark.executor.memory=768m output.dir=" + tmp.resolve("runs"));
        Scripts.Result first = Scripts.run(tmp.resolve("logs"), Duration.ofSeconds(300), env, "scheduled/modnas-nightly");
        assertEquals(0, first.exit(), first.toString());
        assertTrue(first.out().contains("run nightly-it: 2 candidates {OK=2}"), first.toString());
        Scripts.Result second = Scripts.run(tmp.resolve("logs"), Duration.ofSeconds(300), env, "scheduled/modnas-nightly");
        assertEquals(0, second.exit(), second.toString());
        assertTrue(second.out().contains("run nightly-it: 2 candidates {OK=2}, stopped by candidate budget"), second.toString());
        List<Row> rows = rows("nightly-it");
        assertEquals(2, rows.size());
        rows.forEach(row -> assertNotEquals("driver", row.getAs("executor_id")));
    }

    @Test
    @Order(3)
    void withoutFakeGpusTheReadmesLineRunsOnTheCpuExecutors() {
        cluster(false);
        Scripts.Result r = Scripts.run(tmp.resolve("logs"), Duration.ofSeconds(300), "modnas-submit", submit("readme-cpu", 3));
        assertEquals(0, r.exit(), r.toString());
        List<Row> rows = rows("readme-cpu");
        assertEquals(3, rows.size());
        for (Row row : rows) {
            assertEquals("OK", row.getAs("status"), String.valueOf(row.<String>getAs("error")));
            assertNotEquals("driver", row.getAs("executor_id"));
            assertEquals(null, row.<String>getAs("gpu"));
            assertEquals("cpu", row.getAs("device"));
        }
    }

    @Test
    @Order(4)
    void anExecutorKilledMidSearchIsReplacedAndEveryRealCandidateEndsOnce() throws Exception {
        cluster(false);
        String name = Scripts.name("modnas-submit");
        Path logs = tmp.resolve("logs");
        List<String> cmd = Scripts.command("modnas-submit", submit("killed", 6));
        Process driver = Scripts.start(logs, name, cmd);
        Path work = cluster.dir.resolve("work");
        String victim = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
        while (victim == null) {
            assertTrue(System.nanoTime() < deadline, "no executor finished a candidate and started another within 240 s\n"
                    + Scripts.output(logs, name, -1));
            assertTrue(driver.isAlive(), "the search ended before an executor could be killed\n" + Scripts.output(logs, name, -1));
            for (Path exec : executorDirs(work)) {
                String err = Scripts.read(exec.resolve("stderr"));
                // a task is running on this executor right now, after one it finished: a candidate will be lost
                if (err.contains("Finished task") && running(err)) {
                    victim = exec.toString();
                    break;
                }
            }
            Thread.sleep(200);
        }
        ProcessHandle jvm = executorJvm(Path.of(victim));
        assertTrue(jvm.destroyForcibly(), "kill -9 the executor of " + victim);
        int exit = Scripts.await(driver, Duration.ofSeconds(300), cmd);
        Scripts.Result r = Scripts.output(logs, name, exit);
        assertEquals(0, exit, r.toString());
        List<Row> rows = rows("killed");
        assertEquals(6, rows.size(), "every candidate once");
        assertEquals(6, rows.stream().map(x -> x.<String>getAs("candidate_id")).distinct().count());
        rows.forEach(row -> assertEquals("OK", row.getAs("status"), String.valueOf(row.<String>getAs("error"))));
        String killedId = Path.of(victim).getFileName().toString();
        List<Row> retried = rows.stream().filter(row -> row.<Integer>getAs("attempt") > 0).toList();
        assertFalse(retried.isEmpty(), "the candidate lost with executor " + killedId + " was run again by Spark, its attempt "
                + "recorded");
        retried.forEach(row -> assertNotEquals(killedId, row.getAs("executor_id"), "the retry ran in another executor JVM"));
    }

    @Test
    @Order(5)
    void gpusNoWorkerOffersStopTheSearchNamingTheMasterInsteadOfHanging() {
        cluster(false);
        Scripts.Result r = Scripts.run(tmp.resolve("logs"), Duration.ofSeconds(180), "modnas-submit",
                submit("no-gpus", 2, "--gpus-per-executor", "1", "spark.executor_wait_s=15"));
        assertEquals(1, r.exit(), r.toString());
        assertTrue(r.err().contains("no executor of " + cluster.masterUrl + " registered within 15 s"), r.err());
        assertTrue(r.err().contains("no Worker offers the 1 GPU(s) an executor asks for"), r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
        assertFalse(Files.exists(tmp.resolve("runs/no-gpus")), "nothing written before an executor registered");
    }

    @Test
    @Order(6)
    void theModnasLauncherShipsTheProjectsJarsToAClustersExecutors() {
        cluster(false);
        List<String> args = new ArrayList<>(List.of("search", QUICKSTART, "spark.master=" + cluster.masterUrl,
                "spark.conf.\"spark.executor.memory\"=768m", "spark.conf.\"spark.ui.enabled\"=false",
                "search.budget.candidates=2", "run.id=launcher", "output.dir=" + tmp.resolve("runs")));
        args.addAll(SHORT);
        Scripts.Result r = Scripts.run(tmp.resolve("logs"), Duration.ofSeconds(300), "modnas", args.toArray(new String[0]));
        assertEquals(0, r.exit(), r.toString());
        List<Row> rows = rows("launcher");
        assertEquals(2, rows.size());
        for (Row row : rows) {
            assertEquals("OK", row.getAs("status"), String.valueOf(row.<String>getAs("error")));
            assertNotEquals("driver", row.getAs("executor_id"), "trained in an executor JVM, which found the project's classes");
        }
    }

    @Test
    @Order(7)
    void theSparkBenchmarkRunsOnAClusterMaster() {
        cluster(false);
        Scripts.Result r = Scripts.run(tmp.resolve("logs"), Duration.ofSeconds(300), "modnas", "bench", "spark",
                "master=" + cluster.masterUrl, "candidates=4", "seconds=0.2", "noop_candidates=50");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("bench=spark case=noop candidates=50"), r.toString());
    }

    /** True when the executor log's last task start has no finish after it. */
    private static boolean running(String stderr) {
        int started = stderr.lastIndexOf("Running task");
        return started >= 0 && stderr.indexOf("Finished task", started) < 0;
    }

    private static List<Path> executorDirs(Path work) throws IOException {
        if (!Files.isDirectory(work)) {
            return List.of();
        }
        try (Stream<Path> apps = Files.list(work)) {
            List<Path> out = new ArrayList<>();
            for (Path app : apps.toList()) {
                try (Stream<Path> execs = Files.list(app)) {
                    out.addAll(execs.filter(Files::isDirectory).toList());
                }
            }
            return out;
        }
    }

    private static ProcessHandle executorJvm(Path execDir) throws IOException {
        for (ProcessHandle p : ProcessHandle.allProcesses().toList()) {
            try {
                if (Files.readSymbolicLink(Path.of("/proc", String.valueOf(p.pid()), "cwd")).equals(execDir)) {
                    return p;
                }
            } catch (IOException | SecurityException e) {
                // ended meanwhile, or not ours
            }
        }
        throw new AssertionError("no live process works in " + execDir);
    }

    private static Path onlyFile(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.findFirst().orElseThrow();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
