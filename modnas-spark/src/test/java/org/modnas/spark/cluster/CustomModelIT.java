package org.modnas.spark.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
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
 * The example project of {@code examples/custom-model} as its README tells a user to run it: the
 * project's artifacts installed into the local Maven repository, the example built by Maven against
 * them, then searched with {@code submit/modnas search --jars} in local mode, with {@code modnas-submit
 * --jars} on a real standalone cluster whose executor JVMs load the example's classes, and as a Java
 * application of its own submitted with {@code spark-submit}; the winner is retrained with
 * {@code train --arch}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CustomModelIT {
    @TempDir
    static Path tmp;
    private static Path example;
    private static Path jar;
    private static LocalCluster cluster;

    @BeforeAll
    static void buildTheExample() throws IOException {
        Path root = Scripts.root();
        installProjectArtifacts(root);
        example = tmp.resolve("custom-model");
        copy(root.resolve("examples/custom-model"), example);
        Scripts.Result built = run("mvn-example", Duration.ofSeconds(300), "mvn", "-B", "-q", "-f",
                example.resolve("pom.xml").toString(), "package");
        assertEquals(0, built.exit(), built.toString());
        jar = example.resolve("target/custom-model-1.0.jar");
        assertTrue(Files.isRegularFile(jar), "the example's jar");
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void searchedLocallyWithTheLaunchersJarsOption() {
        Scripts.Result r = Scripts.run(tmp.resolve("logs"), Duration.ofSeconds(300), "modnas", "search",
                example.resolve("conf/stripes.conf").toString(), "--jars", jar.toString(), "run.id=local",
                "output.dir=" + tmp.resolve("runs"));
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("run local: 12 candidates {OK=12}"), r.toString());
    }

    @Test
    @Order(2)
    void searchedOnAStandaloneClusterWhoseExecutorsLoadTheUsersClasses() {
        cluster = LocalCluster.start(tmp.resolve("cluster"), 2, false);
        Scripts.Result r = Scripts.run(tmp.resolve("logs"), Duration.ofSeconds(300), "modnas-submit",
                example.resolve("conf/stripes.conf").toString(), "--master", cluster.masterUrl, "--jars", jar.toString(),
                "--conf", "spark.executor.memory=768m", "--conf", "spark.ui.enabled=false", "run.id=cluster",
                "output.dir=" + tmp.resolve("runs"));
        assertEquals(0, r.exit(), r.toString());
        Map<String, Row> local = byCandidate(rows("local"));
        List<Row> rows = rows("cluster");
        assertEquals(12, rows.size());
        for (Row row : rows) {
            assertEquals("OK", row.getAs("status"), String.valueOf(row.<String>getAs("error")));
            assertNotEquals("driver", row.getAs("executor_id"), "trained by an executor JVM");
            Row same = local.get(row.<String>getAs("candidate_id"));
            if (same != null) {
                assertEquals(same.<Long>getAs("params"), row.<Long>getAs("params"), "the user's model's params");
                assertEquals(same.<Long>getAs("macs"), row.<Long>getAs("macs"), "the user's model's MACs");
            }
        }
        assertTrue(rows.stream().mapToLong(x -> x.<Long>getAs("params")).distinct().count() > 1, "architectures differ");
    }

    @Test
    @Order(3)
    void aJavaApplicationOfItsOwnRunsTheSearchThroughSparkSubmit() {
        Scripts.Result r = run("spark-submit", Duration.ofSeconds(300), "bash", "-c",
                "source \"$1\"/submit/lib.sh && shift && export SPARK_HOME=$(modnas_spark_home) SPARK_SCALA_VERSION=2.13 && exec "
                        + "\"$(modnas_java)\" \"${MODNAS_SPARK_OPENS[@]}\" \"${MODNAS_LOG_OPTS[@]}\" -cp \"$SPARK_HOME/jars/*\" "
                        + "org.apache.spark.deploy.SparkSubmit \"$@\"", "_", Scripts.root().toString(),
                "--master", cluster.masterUrl, "--conf", "spark.executor.memory=768m", "--conf", "spark.ui.enabled=false",
                "--class", "com.example.nas.SearchApp", jar.toString(), example.resolve("conf/stripes.conf").toString(),
                "run.id=app", "output.dir=\"" + tmp.resolve("runs") + "\"");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("candidates OK: 12"), r.toString());
        rows("app").forEach(row -> assertNotEquals("driver", row.getAs("executor_id")));
    }

    @Test
    @Order(4)
    void theWinnerIsRetrainedFromItsExportedDesc() {
        Scripts.Result r = Scripts.run(tmp.resolve("logs"), Duration.ofSeconds(300), "modnas", "train",
                example.resolve("conf/stripes.conf").toString(), "--jars", jar.toString(), "--arch",
                tmp.resolve("runs/cluster/outputs/arch_search_best.yaml").toString(), "run.id=retrain",
                "output.dir=" + tmp.resolve("runs"));
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("test_accuracy="), r.toString());
    }

    /** The documented {@code mvn -B install -DskipTests} of the root, from the jars this build has packaged. */
    private static void installProjectArtifacts(Path root) {
        List<String[]> artifacts = new ArrayList<>();
        artifacts.add(new String[] {root.resolve("pom.xml").toString(), root.resolve("pom.xml").toString(), "pom"});
        for (String module : List.of("modnas-core", "modnas-models", "modnas-spark")) {
            Path jarFile = root.resolve(module + "/target/" + module + "-0.1.0-SNAPSHOT.jar");
            artifacts.add(new String[] {jarFile.toString(), root.resolve(module + "/pom.xml").toString(), "jar"});
        }
        for (String[] a : artifacts) {
            Scripts.Result r = run("mvn-install", Duration.ofSeconds(180), "mvn", "-B", "-q",
                    "org.apache.maven.plugins:maven-install-plugin:3.1.3:install-file", "-Dfile=" + a[0], "-DpomFile=" + a[1],
                    "-Dpackaging=" + a[2]);
            assertEquals(0, r.exit(), r.toString());
        }
    }

    private static Scripts.Result run(String name, Duration limit, String... cmd) {
        String unique = Scripts.name(name);
        Process p = Scripts.start(tmp.resolve("logs"), unique, List.of(cmd));
        return Scripts.output(tmp.resolve("logs"), unique, Scripts.await(p, limit, List.of(cmd)));
    }

    private static List<Row> rows(String runId) {
        SparkSession spark = SparkTestSessions.local2();
        try {
            return SparkSearch.table(spark, tmp.resolve("runs").resolve(runId).toString()).collectAsList();
        } finally {
            spark.stop();
        }
    }

    private static Map<String, Row> byCandidate(List<Row> rows) {
        Map<String, Row> m = new HashMap<>();
        rows.forEach(r -> m.put(r.getAs("candidate_id"), r));
        return m;
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.filter(p -> !from.relativize(p).startsWith("target") && !from.relativize(p).startsWith("runs"))
                    .toList()) {
                Path dst = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dst);
                } else {
                    Files.copy(p, dst);
                }
            }
        }
    }
}
