package org.modnas.spark.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.modnas.spark.driver.SearchSessions;
import org.modnas.spark.driver.SearchSummary;
import org.modnas.spark.driver.SparkSearch;

/**
 * A search whose candidates run in separate executor JVMs of a real standalone cluster:
 * a Master and two Workers of one core started by {@code submit/local-cluster}, each Worker
 * with its own fake GPU address; this JVM is the driver, shipping the application's jars through
 * {@code spark.jars} as a driver started with plain {@code java} must.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StandaloneClusterIT {
    @TempDir
    static Path tmp;
    private static LocalCluster cluster;
    private static SparkSession spark;
    private static String appId;
    private static final Tasks TASKS = new Tasks();

    @BeforeAll
    static void startClusterAndDriver() throws Exception {
        cluster = LocalCluster.start(tmp.resolve("cluster"), 2);
        spark = SparkSession.builder().config(SearchSessions.conf(driverConfig(), true)).getOrCreate();
        spark.sparkContext().addSparkListener(TASKS);
        appId = spark.sparkContext().applicationId();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (spark.sparkContext().statusTracker().getExecutorInfos().length < 3) { // the driver + 2 executors
            assertTrue(System.nanoTime() < deadline, "2 executors did not register within 120 s");
            Thread.sleep(200);
        }
    }

    @AfterAll
    static void stopDriverAndCluster() {
        try {
            if (spark != null) {
                spark.stop();
            }
        } finally {
            if (cluster != null) {
                cluster.close();
            }
        }
    }

    /** The driver's session: the cluster's master, one GPU per executor and per task, the app's jars shipped. */
    private static Config driverConfig() throws IOException {
        return ConfigFactory.parseString("spark.master = \"" + cluster.masterUrl + "\"\n"
                        + "spark.app_name = modnas-cluster-it\n"
                        + "spark.conf {\n"
                        + "  \"spark.jars\" = \"" + String.join(",", applicationJars()) + "\"\n"
                        + "  \"spark.executor.resource.gpu.amount\" = 1\n"
                        + "  \"spark.task.resource.gpu.amount\" = 1\n"
                        + "  \"spark.executor.memory\" = 768m\n"
                        + "  \"spark.cores.max\" = 2\n"
                        + "  \"spark.ui.enabled\" = false\n"
                        + "}\n")
                .withFallback(ConfigFactory.defaultReference()).resolve();
    }

    /** The modnas-spark jar and its runtime class path as the package phase wrote them. */
    static List<String> applicationJars() throws IOException {
        Path target = Scripts.root().resolve("modnas-spark/target");
        List<String> jars = new ArrayList<>();
        try (Stream<Path> files = Files.list(target)) {
            files.map(Path::toString)
                    .filter(f -> f.matches(".*/modnas-spark-[^/]*\\.jar") && !f.endsWith("-sources.jar") && !f.endsWith("-tests.jar"))
                    .forEach(jars::add);
        }
        assertEquals(1, jars.size(), "one modnas-spark jar in " + target + ": run the package phase first");
        jars.addAll(List.of(Files.readString(target.resolve("classpath.txt")).strip().split(":")));
        return jars;
    }

    private static Config search(String runId, double seconds, int budget) {
        return ConfigFactory.parseString("""
                search_space.params { slot_0 = [a, b, c], slot_1 = [x, y], slot_2 = [p, q] }
                search.optim.type = GridSearchOptim
                spark.progress = false
                """ + "search.estim.search { type = SleepEstimator, seconds = " + seconds + " }\n"
                + "search.budget.candidates = " + budget + "\nrun.id = " + runId + "\noutput.dir = \"" + tmp.resolve("runs") + "\"");
    }

    @Test
    @Order(1)
    void candidatesRunInSeparateExecutorJvmsEachOnTheGpuAddressOfItsWorker() {
        SearchSummary s = SparkSearch.search(spark, search("spread", 1.0, 8), System.err);
        assertEquals(Map.of("OK", 8), s.byStatus());

        List<Row> rows = SparkSearch.table(spark, s.runDir()).collectAsList();
        assertEquals(8, rows.size());
        assertEquals(8, rows.stream().map(r -> r.<String>getAs("candidate_id")).distinct().count());
        Set<String> executors = rows.stream().map(r -> r.<String>getAs("executor_id")).collect(Collectors.toCollection(TreeSet::new));
        assertTrue(executors.size() >= 2, "rows from at least 2 executor JVMs: " + executors);
        assertFalse(executors.contains("driver"), "no candidate ran in the driver: " + executors);
        assertGpuOfTheWorker(rows);
        assertEquals(Set.of("0", "1"), rows.stream().map(r -> r.<String>getAs("gpu")).collect(Collectors.toSet()),
                "both Workers' addresses were handed out");
    }

    @Test
    @Order(2)
    void aSearchUnderEarlyStoppingWithItsRunFolderOnHdfsContinuesCandidatesInOtherExecutorJvms() throws Exception {
        try (org.modnas.spark.store.MiniHdfs hdfs = org.modnas.spark.store.MiniHdfs.start(tmp.resolve("hdfs"))) {
            String runs = hdfs.uri() + "/runs";
            Config c = ConfigFactory.parseString("""
                    search_space.params { slot_0 = [a, b, c, d], slot_1 = [x, y, z], slot_2 = [p, q, r] }
                    search.optim.type = GridSearchOptim
                    search.scheduler { type = SuccessiveHalving, min_resource = 1, max_resource = 9, reduction_factor = 3, resource = epochs }
                    search.estim.search { type = SleepEstimator, seconds = 0.2 }
                    search.budget.candidates = 27
                    spark.max_candidates_per_task = 1
                    spark.slots = 1
                    spark.progress = false
                    run.id = hdfs
                    """ + "output.dir = \"" + runs + "\"");
            SearchSummary s = SparkSearch.search(spark, c, System.err);
            assertEquals("candidate budget", s.stopReason());
            List<org.modnas.spark.table.CandidateRow> rows = org.modnas.spark.table.CandidatesTable.rows(spark, runs + "/hdfs/candidates");
            Map<String, org.modnas.spark.table.CandidateRow> byKey = new java.util.HashMap<>();
            for (org.modnas.spark.table.CandidateRow r : rows) {
                assertEquals(null, byKey.put(r.key(), r), "a second row for " + r.key());
                assertTrue(r.status() == org.modnas.core.estim.CandidateStatus.OK
                        || r.status() == org.modnas.core.estim.CandidateStatus.PRUNED, r.toString());
                assertNotEquals("driver", r.executorId());
            }
            // one trial at a time, so Spark offers both executors to every trial and places it on either (a freed
            // executor would otherwise take the promotion it just made possible): a rung continued in another
            // executor JVM read the checkpoint the first one wrote, from HDFS
            long crossed = rows.stream().filter(r -> r.rung() > 0)
                    .filter(r -> !r.executorId().equals(byKey.get(r.candidateId() + "@" + (r.rung() - 1)).executorId())).count();
            System.err.println("promotions: " + rows.stream().filter(r -> r.rung() > 0).count() + ", in another executor JVM: " + crossed);
            assertTrue(crossed >= 1, "at least one promotion ran in another executor JVM than the rung below");
            assertFalse(Files.exists(tmp.resolve("runs/hdfs")), "nothing of the run on the local disk");
        }
    }

    @Test
    @Order(3)
    void killingAnExecutorJvmMidSearchStillEndsWithOneOkRowPerCandidate() throws Exception {
        int before = TASKS.succeeded.get();
        long startedAtMs = System.currentTimeMillis();
        ExecutorService driverThread = Executors.newSingleThreadExecutor();
        try {
            Future<SearchSummary> search = driverThread.submit(() -> SparkSearch.search(spark, search("kill", 1.5, 10), System.err));

            // once candidates are flowing, kill -9 an executor JVM that is running a candidate right now
            String victim = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (victim == null) {
                assertTrue(System.nanoTime() < deadline, "no executor was running a candidate within 120 s");
                assertFalse(search.isDone(), "the search ended before an executor could be killed");
                Thread.sleep(100);
                if (TASKS.succeeded.get() - before < 2) {
                    continue;
                }
                Map<String, ProcessHandle> jvms = cluster.executors(appId);
                for (Map.Entry<Long, Running> t : TASKS.running.entrySet()) {
                    ProcessHandle jvm = jvms.get(t.getValue().executorId());
                    long launched = t.getValue().launchedAtMs();
                    if (jvm != null && launched >= startedAtMs && System.currentTimeMillis() - launched > 300) {
                        victim = t.getValue().executorId();
                        assertTrue(jvm.destroyForcibly(), "kill -9 executor " + victim);
                        jvm.onExit().get(30, TimeUnit.SECONDS);
                        break;
                    }
                }
            }

            SearchSummary s = search.get(180, TimeUnit.SECONDS);
            assertEquals(Map.of("OK", 10), s.byStatus());
            List<Row> rows = SparkSearch.table(spark, s.runDir()).collectAsList();
            assertEquals(10, rows.size(), "one row per candidate");
            assertEquals(10, rows.stream().map(r -> r.<String>getAs("candidate_id")).distinct().count(), "no duplicate");
            assertTrue(rows.stream().allMatch(r -> "OK".equals(r.getAs("status"))));
            String killed = victim;
            List<Row> retried = rows.stream().filter(r -> r.<Integer>getAs("attempt") > 0).toList();
            assertFalse(retried.isEmpty(), "the candidate lost with executor " + killed + " was retried by Spark");
            for (Row r : retried) {
                assertNotEquals(killed, r.getAs("executor_id"), "the retry ran in another executor JVM");
            }
            assertFalse(cluster.executors(appId).containsKey(killed));
            assertGpuOfTheWorker(rows);
        } finally {
            driverThread.shutdownNow();
        }
    }

    @Test
    @Order(4)
    void stopEndsTheMasterTheWorkersAndTheExecutorsOfARunningApplication() {
        assertFalse(cluster.executors(appId).isEmpty(), "the application's executors are running");
        Scripts.Result r = cluster.stop();
        assertEquals(0, r.exit(), r.toString());
        cluster.assertNoProcessLeft();
    }

    private static void assertGpuOfTheWorker(List<Row> rows) {
        Map<String, String> expected = cluster.gpuOfWorkerByExecutor(appId);
        for (Row r : rows) {
            String executor = r.getAs("executor_id");
            assertNotNull(expected.get(executor), "executor " + executor + " of the cluster: " + expected);
            assertEquals(expected.get(executor), r.getAs("gpu"), "the gpu column of a row from executor " + executor);
        }
    }

    /** A task running now: its executor and start time. */
    private record Running(String executorId, long launchedAtMs) {
    }

    /** Follows the driver's tasks: which run where, and how many succeeded. */
    private static final class Tasks extends SparkListener {
        final Map<Long, Running> running = new ConcurrentHashMap<>();
        final AtomicInteger succeeded = new AtomicInteger();

        @Override
        public void onTaskStart(SparkListenerTaskStart start) {
            running.put(start.taskInfo().taskId(), new Running(start.taskInfo().executorId(), start.taskInfo().launchTime()));
        }

        @Override
        public void onTaskEnd(SparkListenerTaskEnd end) {
            running.remove(end.taskInfo().taskId());
            if (end.taskInfo().successful()) {
                succeeded.incrementAndGet();
            }
        }
    }
}
