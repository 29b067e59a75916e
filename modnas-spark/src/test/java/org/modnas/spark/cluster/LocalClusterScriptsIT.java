package org.modnas.spark.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.modnas.spark.SparkTestSessions;
import org.modnas.spark.driver.SparkSearch;

/**
 * The cluster scripts of {@code submit/} as a user runs them: {@code local-cluster start}
 * brings up a Master and two Workers with fake GPUs, {@code modnas-submit} runs a search on it through
 * spark-submit, {@code status} lists the cluster and {@code stop} ends every process it started; and
 * the usage errors exit with status 2.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalClusterScriptsIT {
    @TempDir
    static Path tmp;
    private static LocalCluster cluster;

    @BeforeAll
    static void start() {
        cluster = LocalCluster.start(tmp.resolve("cluster"), 2);
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void statusListsTheMasterAndBothWorkers() {
        Scripts.Result r = Scripts.run(tmp.resolve("logs"), Duration.ofSeconds(30), "local-cluster", "status",
                "--dir", cluster.dir.toString());
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("master pid="), r.out());
        assertTrue(r.out().contains("worker-0 pid="), r.out());
        assertTrue(r.out().contains("worker-1 pid="), r.out());
        assertTrue(r.out().contains("master " + cluster.masterUrl), r.out());
    }

    @Test
    @Order(2)
    void modnasSubmitRunsASearchOnTheClusterToCompletion() throws Exception {
        Path config = tmp.resolve("search.conf");
        Files.writeString(config, """
                search_space.params { slot_0 = [a, b, c], slot_1 = [x, y] }
                search.optim.type = GridSearchOptim
                search.estim.search { type = SleepEstimator, seconds = 0.5 }
                spark.progress = false
                """);
        Path runs = tmp.resolve("runs");
        Scripts.Result r = Scripts.run(tmp.resolve("logs"), Duration.ofSeconds(240), "modnas-submit", config.toString(),
                "--master", cluster.masterUrl, "--gpus-per-executor", "1", "--conf", "spark.executor.memory=768m",
                "search.budget.candidates=6", "run.id=submitted", "output.dir=\"" + runs + "\"",
                "spark.conf.spark.ui.enabled=false");
        assertEquals(0, r.exit(), r.toString());
        assertFalse(r.err().contains("building the project"), "the packaged jars are current: no rebuild");
        assertTrue(r.out().contains("run submitted: 6 candidates {OK=6}"), r.out());

        SparkSession spark = SparkTestSessions.local2();
        try {
            List<Row> rows = SparkSearch.table(spark, runs.resolve("submitted").toString()).collectAsList();
            assertEquals(6, rows.size());
            assertEquals(6, rows.stream().map(x -> x.<String>getAs("candidate_id")).distinct().count());
            for (Row row : rows) {
                assertEquals("OK", row.getAs("status"));
                assertNotEquals("driver", row.getAs("executor_id"), "ran in an executor JVM");
                assertTrue(Set.of("0", "1").contains(row.<String>getAs("gpu")), "a Worker's fake GPU: " + row.getAs("gpu"));
            }
        } finally {
            spark.stop();
        }
    }

    @Test
    @Order(3)
    void stopEndsEveryProcessTheClusterStarted() {
        Scripts.Result r = cluster.stop();
        assertEquals(0, r.exit(), r.toString());
        cluster.assertNoProcessLeft();
        Scripts.Result status = Scripts.run(tmp.resolve("logs"), Duration.ofSeconds(30), "local-cluster", "status",
                "--dir", cluster.dir.toString());
        assertEquals(1, status.exit(), status.toString());
        assertTrue(status.out().contains("not running"), status.out());
    }

    @Test
    void modnasSubmitAgainstAPortNobodyListensOnExitsTwo() throws Exception {
        Path config = tmp.resolve("unreachable.conf");
        Files.writeString(config, "search_space.params { slot_0 = [a, b] }\n");
        int port = LocalCluster.freePort();
        Scripts.Result r = Scripts.run(tmp.resolve("logs"), Duration.ofSeconds(60), "modnas-submit", config.toString(),
                "--master", "spark://127.0.0.1:" + port, "--gpus-per-executor", "1");
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("127.0.0.1:" + port + " does not answer"), r.err());
    }

    @Test
    void localClusterRejectsABadOptionWithExitTwo() {
        Scripts.Result unknown = Scripts.run(tmp.resolve("logs"), Duration.ofSeconds(30), "local-cluster", "start",
                "--no-such-option", "--dir", tmp.resolve("never").toString());
        assertEquals(2, unknown.exit(), unknown.toString());
        assertTrue(unknown.err().contains("unknown option '--no-such-option'"), unknown.err());

        Scripts.Result notANumber = Scripts.run(tmp.resolve("logs"), Duration.ofSeconds(30), "local-cluster", "start",
                "--workers", "two", "--dir", tmp.resolve("never").toString());
        assertEquals(2, notANumber.exit(), notANumber.toString());
        assertTrue(notANumber.err().contains("expected a whole number, got 'two'"), notANumber.err());
    }

    @Test
    void theLaunchersPutTheSelectedNativeLibraryFlavourOnTheClassPath() throws Exception {
        Path cuda = Files.createDirectories(tmp.resolve("natives")).resolve("pytorch-native-cu124-2.7.1-linux-x86_64.jar");
        Files.write(cuda, new byte[0]);
        String bundled = shell(Map.of(), "source submit/lib.sh && modnas_app_classpath");
        assertTrue(bundled.contains("/pytorch-native-cpu-"), bundled);
        String selected = shell(Map.of("MODNAS_PYTORCH_NATIVE_JAR", cuda.toString()),
                "source submit/lib.sh && modnas_check_native && modnas_app_classpath && modnas_dependency_classpath");
        assertFalse(selected.contains("pytorch-native-cpu"), selected);
        assertEquals(2, selected.split(java.util.regex.Pattern.quote(cuda.toString()), -1).length - 1,
                "in the driver's class path and in the jars shipped to executors: " + selected);
        assertEquals(bundled.split(":").length, selected.lines().findFirst().orElseThrow().split(":").length,
                "one jar replaced, none added or lost");
        Path other = Files.write(tmp.resolve("natives/libtorch.so"), new byte[0]);
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", "source submit/lib.sh && modnas_check_native")
                .directory(Scripts.root().toFile()).redirectErrorStream(true);
        pb.environment().put("MODNAS_PYTORCH_NATIVE_JAR", other.toString());
        Process p = pb.start();
        String text = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(2, p.waitFor(), text);
        assertTrue(text.contains("is not a DJL PyTorch native jar"), text);
    }

    private static String shell(Map<String, String> env, String script) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", script).directory(Scripts.root().toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), err);
        return out.strip();
    }
}
