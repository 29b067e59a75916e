package org.modnas.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modnas.core.config.ConfigLoader;
import org.modnas.spark.cli.SearchCommand;

/** The README tells the truth: its config reference matches the reference configs, and its queries answer. */
class ReadmeTest {
    private static final Path README = Path.of("..", "README.md");

    @TempDir
    Path dir;

    private static String readme() throws IOException {
        return Files.readString(README);
    }

    private static String configSection(String text) {
        int from = text.indexOf("## Configuration");
        int to = text.indexOf("\n## ", from + 5);
        return text.substring(from, to);
    }

    /** Leaf key paths of the reference configs; a component section or free map counts as one key. */
    private static void keys(String prefix, ConfigObject o, List<String> out) {
        if (o.containsKey("type") || o.isEmpty()) {
            out.add(prefix);
            return;
        }
        for (Map.Entry<String, ConfigValue> e : o.entrySet()) {
            String p = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
            if (e.getValue().valueType() == ConfigValueType.OBJECT && !p.equals("search.export") && !p.equals("search.estim")) {
                keys(p, (ConfigObject) e.getValue(), out);
            } else {
                out.add(p);
            }
        }
    }

    @Test
    void everyReferenceKeyIsInTheConfigReferenceAndNothingElse() throws IOException {
        Config reference = ConfigLoader.referenceOf(getClass().getClassLoader());
        List<String> paths = new ArrayList<>();
        keys("", reference.root(), paths);
        String section = configSection(readme());
        List<String> missing = new ArrayList<>();
        for (String p : paths) {
            if (!section.contains("`" + p + "`")) {
                missing.add(p);
            }
        }
        assertEquals(List.of(), missing, "reference keys the README's config reference does not list");
        // the reverse: every key the table names exists
        Matcher m = Pattern.compile("(?m)^\\| (`[a-z_]+\\.[a-z_.]+`(?:, `[a-z_]+\\.[a-z_.]+`)*) \\|").matcher(section);
        List<String> stale = new ArrayList<>();
        while (m.find()) {
            for (String k : m.group(1).split(", ")) {
                String key = k.replace("`", "");
                if (!reference.hasPathOrNull(key)) {
                    stale.add(key);
                }
            }
        }
        assertEquals(List.of(), stale, "README config keys that no reference config has");
    }

    @Test
    void theExampleQueriesAnswerOnAPlainSparkSession() throws IOException {
        Path conf = dir.resolve("q.conf");
        Files.writeString(conf, """
                search_space.params { slot_0 = [a, b, c], slot_1 = [a, b, c], slot_2 = [x, y] }
                search.optim.type = RandomSearchOptim
                search.estim.search.type = NoOpEstimator
                search.budget.candidates = 12
                spark { master = "local[2]", progress = false }
                run.id = q
                output.dir = "%s"
                """.formatted(dir));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(0, SearchCommand.run(List.of(conf.toString()), new PrintStream(out, true, StandardCharsets.UTF_8), System.err),
                out.toString(StandardCharsets.UTF_8));
        List<String> queries = new ArrayList<>();
        Matcher m = Pattern.compile("```sql\\n(.*?)```", Pattern.DOTALL).matcher(readme());
        while (m.find()) {
            queries.add(m.group(1));
        }
        List<String> alphaQueries = queries.stream().filter(q -> q.contains("/alphas`")).toList();
        queries.removeAll(alphaQueries);
        assertEquals(4, queries.size(), "the README's example queries of the candidates table");
        assertEquals(1, alphaQueries.size(), "the README's example query of the alpha table");
        // a notebook: a plain session with Spark's defaults, nothing of this project
        SparkSession spark = SparkSession.builder().master("local[1]").appName("notebook")
                .config("spark.ui.enabled", "false").getOrCreate();
        try {
            spark.read().parquet(dir.resolve("q/candidates").toString()).createOrReplaceTempView("candidates");
            List<Row> best = spark.sql(queries.get(0)).collectAsList();
            assertEquals(10, best.size());
            double top = spark.sql("SELECT max(accuracy) FROM candidates WHERE status = 'OK'").first().getDouble(0);
            assertEquals(top, best.get(0).getDouble(1));
            List<Row> front = spark.sql(queries.get(1)).collectAsList();
            assertTrue(!front.isEmpty() && front.size() <= 12, front.toString());
            List<Row> finals = spark.sql(queries.get(2)).collectAsList();
            assertEquals(12, finals.size(), "each candidate's final row");
            List<Row> executors = spark.sql(queries.get(3)).collectAsList();
            assertEquals(12L, executors.stream().mapToLong(r -> r.getLong(2)).sum());

            Path alphas = dir.resolve("darts/alphas");
            org.modnas.spark.table.AlphaTable.write(spark, org.modnas.core.store.Location.of(alphas), "search", List.of(
                    epoch(1, 0.6, 0.3), epoch(2, 0.2, 0.7)));
            List<Row> choices = spark.sql(alphaQueries.get(0).replace("runs/darts/alphas", alphas.toString())).collectAsList();
            assertEquals(List.of("1 op0 a", "1 op1 b", "2 op0 b", "2 op1 a"), choices.stream()
                    .map(r -> r.getInt(0) + " " + r.getString(1) + " " + r.getString(2)).sorted().toList());
        } finally {
            spark.stop();
        }
    }

    /** The README's table of columns names every column of the schema, in order, with its type, and nothing else. */
    @Test
    void theColumnTableIsTheSchema() throws IOException {
        String text = readme();
        int from = text.indexOf("## The candidates table");
        String section = text.substring(from, text.indexOf("\n## ", from + 5));
        List<String> documented = new ArrayList<>();
        Matcher row = Pattern.compile("(?m)^\\| (`[a-z_]+`(?:, `[a-z_]+`)*) \\| ([a-z<>,]+) \\|").matcher(section);
        while (row.find()) {
            for (String name : row.group(1).split(", ")) {
                documented.add(name.replace("`", "") + " " + row.group(2));
            }
        }
        List<String> schema = org.modnas.spark.table.CandidatesSchema.COLUMNS.stream()
                .map(c -> c.name() + " " + c.type().label()).toList();
        assertEquals(schema, documented);
    }

    /** An epoch of two ops of candidates a and b, where op0 gives a probability {@code p0} and op1 {@code p1}. */
    private static org.modnas.core.estim.StageEpoch epoch(int e, double p0, double p1) {
        return new org.modnas.core.estim.StageEpoch(e, java.util.Map.of(), null, List.of(
                new org.modnas.core.estim.AlphaRecord("op0", "a", 0, p0), new org.modnas.core.estim.AlphaRecord("op0", "b", 0, 1 - p0),
                new org.modnas.core.estim.AlphaRecord("op1", "a", 0, p1), new org.modnas.core.estim.AlphaRecord("op1", "b", 0, 1 - p1)));
    }
}
