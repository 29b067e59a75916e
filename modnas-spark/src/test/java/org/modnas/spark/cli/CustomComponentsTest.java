package org.modnas.spark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.Shape;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modnas.core.registry.JarCompiler;
import org.modnas.core.registry.Registry;
import org.modnas.models.metrics.ModelStats;
import org.modnas.models.space.Spaces;
import org.modnas.spark.SparkTestSessions;
import org.modnas.spark.driver.SparkSearch;

/**
 * Every kind of component from a user's jar, through the command line's {@code --jars}: the example
 * project ({@code examples/custom-model}) compiled here into a jar the test's class path does not
 * hold, and its config searched in local Spark. Its model with Slots, its primitive, its
 * constructor, its data set, its estimator, its objective and its optimizer each leave a trace in the
 * rows that only that component can leave.
 */
class CustomComponentsTest {
    private static final Path EXAMPLE = Path.of("").toAbsolutePath().getParent().resolve("examples/custom-model");

    @Test
    void everyKindOfComponentComesFromTheUsersJar(@TempDir Path tmp) throws Exception {
        Path jar = JarCompiler.jar(tmp, "custom-model", EXAMPLE.resolve("src/main/java"), EXAMPLE.resolve("src/main/resources"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = SearchCommand.run(List.of(EXAMPLE.resolve("conf/stripes.conf").toString(), "--jars", jar.toString(),
                "output.dir=" + tmp.resolve("runs"), "spark.progress=false"), new PrintStream(out), new PrintStream(err));
        String said = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
        assertEquals(0, status, said);
        assertThrows(ClassNotFoundException.class, () -> Class.forName("com.example.nas.HillClimbOptim"),
                "the example's classes are in the jar only");

        SparkSession spark = SparkTestSessions.local2();
        List<Row> rows;
        try {
            rows = new ArrayList<>(SparkSearch.table(spark, tmp.resolve("runs/stripes").toString()).collectAsList());
        } finally {
            spark.stop();
        }
        rows.sort(Comparator.comparingLong(r -> r.<Long>getAs("seq")));
        assertEquals(12, rows.size());
        Config space = ConfigFactory.parseFile(EXAMPLE.resolve("conf/stripes.conf").toFile()).resolve().getConfig("search_space");
        boolean shuffle = false;
        int mutants = 0;
        List<Map<String, String>> seen = new ArrayList<>();
        double best = 0;
        for (Row row : rows) {
            assertEquals("OK", row.getAs("status"), String.valueOf(row.<String>getAs("error")));
            // the optimizer: its name, random candidates first, then mutations of the best
            assertEquals("HillClimbOptim", row.getAs("optimizer"));
            if (row.<Long>getAs("seq") < 4) {
                assertEquals(0, row.<Integer>getAs("generation"), "init_random = 4 random candidates first: " + row);
            }
            // the constructor: it pinned s0.b0, so the search never chose it
            Map<String, String> arch = new TreeMap<>(row.<String, String>getJavaMap(row.fieldIndex("arch")));
            assertEquals(List.of("s0.b1", "s1.b0", "s1.b1", "s2.b0", "s2.b1"), List.copyOf(arch.keySet()));
            shuffle |= arch.containsValue("SHUF3");
            if (row.<Integer>getAs("generation") == 1) {
                mutants++;
                assertTrue(seen.stream().anyMatch(a -> differInOneSlot(a, arch)), "a mutant of an earlier candidate: " + arch);
            }
            seen.add(arch);
            // the model, its primitive (ChannelShuffle profiles itself) and the pinned block: the row's params and MACs are
            // those of the network the desc names on 1x16x16 Stripes images
            ModelStats stats = Spaces.buildFromDesc(space, Registry.global(), 1, arch).stats(new Shape(1, 16, 16));
            assertEquals(stats.params(), row.<Long>getAs("params"), arch.toString());
            assertEquals(stats.macs(), row.<Long>getAs("macs"), arch.toString());
            // the estimator's own metric and the objective's formula
            double accuracy = row.getAs("accuracy");
            double macs = row.<Long>getAs("macs");
            Map<String, Double> metrics = row.getJavaMap(row.fieldIndex("metrics"));
            assertEquals(accuracy / (macs / 1e6), metrics.get("accuracy_per_mmac"), 1e-9);
            assertEquals(accuracy - 0.05 * Math.max(0, Math.log(macs / 300_000) / Math.log(2)), row.<Double>getAs("score"), 1e-9);
            best = Math.max(best, accuracy);
        }
        assertTrue(shuffle, "the user's primitive SHUF3 was searched");
        assertTrue(mutants >= 4, "the optimizer climbed: " + mutants + " mutants");
        // the data set: 8 classes of stripes, learned well above chance (12.5 %) in 40 steps
        assertTrue(best > 0.3, "best accuracy " + best);
    }

    private static boolean differInOneSlot(Map<String, String> a, Map<String, String> b) {
        return a.keySet().stream().filter(k -> !a.get(k).equals(b.get(k))).count() == 1;
    }
}
