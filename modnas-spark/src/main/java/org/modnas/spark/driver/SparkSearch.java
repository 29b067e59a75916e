package org.modnas.spark.driver;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;
import java.util.function.ToDoubleFunction;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.modnas.core.arch.ArchSpace;
import org.modnas.core.estim.Estimator;
import org.modnas.core.objective.Objective;
import org.modnas.core.optim.DiscreteOptimizer;
import org.modnas.core.optim.Optimizer;
import org.modnas.core.registry.Registry;
import org.modnas.spark.table.CandidatesTable;

/**
 * The Java API of a distributed search (SPEC §6.6): runs (or resumes) the search a config
 * describes on an existing {@link SparkSession} and gives back the candidates table. The session
 * should use Kryo with the project's registrator ({@link SearchSessions#create} sets it up); the
 * tasks also run under Java serialization.
 */
public final class SparkSearch {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SparkSearch() {
    }

    /** Runs the search and returns its candidates table, one row per candidate. */
    public static Dataset<Row> run(SparkSession spark, Config config) {
        SearchSummary s = search(spark, config, System.err);
        return table(spark, s.runDir());
    }

    /** The candidates table of a run folder, one row per candidate, in proposal order. */
    public static Dataset<Row> table(SparkSession spark, String runDir) {
        return CandidatesTable.read(spark, runDir + "/" + CandidatesTable.FOLDER);
    }

    /**
     * Runs the search (or resumes it when its run folder already holds rows), writing the table,
     * the resolved config, optimizer snapshots, the best desc and a log under the run folder.
     *
     * @param config   the search config; missing keys take the reference defaults
     * @param progress where the live progress line goes (standard error for a terminal)
     * @throws IllegalArgumentException for a config error, with a message naming the key
     */
    public static SearchSummary search(SparkSession spark, Config config, PrintStream progress) {
        Config full = config.withFallback(ConfigFactory.defaultReference()).resolve();
        SearchSettings settings = SearchSettings.of(full);
        ArchSpace space = SearchSpaces.fromConfig(full);
        Registry registry = Registry.global();
        registry.lookup(Estimator.KIND, full.getString(settings.estimatorPath() + ".type")); // unknown names fail here, not in every task
        Optimizer built = registry.build(Optimizer.KIND, full.getConfig("search.optim"), Map.of(ArchSpace.class, space));
        if (!(built instanceof DiscreteOptimizer optimizer)) {
            throw new IllegalArgumentException("search.optim.type = " + settings.optimizerType()
                    + " is not a discrete optimizer; a distributed search needs one (random, grid, evolution, "
                    + "regularized evolution, REINFORCE)");
        }
        Objective objective = registry.build(Objective.KIND, full.getConfig("search.objective"), Map.of());
        ToDoubleFunction<Map<String, Double>> score = objective::score;
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Broadcast<String> configText = jsc.broadcast(full.root().render(ConfigRenderOptions.concise()));
        try (RunFolder run = new RunFolder(settings.runDir(), jsc.hadoopConfiguration())) {
            run.write("config.conf", full.root().render(ConfigRenderOptions.defaults().setOriginComments(false)));
            SearchSummary summary = new SearchLoop(spark, settings, optimizer, score, run, configText, version(),
                    progress).run();
            export(run, settings, summary);
            if (!settings.tableName().isEmpty()) {
                spark.sql("CREATE TABLE IF NOT EXISTS " + settings.tableName() + " USING parquet LOCATION '"
                        + run.candidates() + "'");
            }
            return summary;
        } catch (IOException e) {
            throw new UncheckedIOException("run folder " + settings.runDir() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("search interrupted", e);
        } finally {
            configText.destroy();
        }
    }

    /** Writes {@code outputs/arch_<estimator>_best.json} and {@code outputs/<estimator>_results.json} (SPEC §7). */
    private static void export(RunFolder run, SearchSettings settings, SearchSummary s) throws IOException {
        ObjectNode results = JSON.createObjectNode();
        results.put("run_id", s.runId());
        results.put("candidates", s.total());
        results.put("evaluated_here", s.evaluatedHere());
        results.putPOJO("by_status", s.byStatus());
        results.put("stop_reason", s.stopReason());
        results.put("wall_seconds", s.wallSeconds());
        if (s.bestCandidateId() != null) {
            results.put("best_candidate_id", s.bestCandidateId());
            results.put("best_score", s.bestScore());
            results.set("best_arch_desc", JSON.readTree(s.bestArchDesc()));
            run.write("outputs/arch_" + settings.estimatorName() + "_best.json", s.bestArchDesc() + "\n");
        }
        run.write("outputs/" + settings.estimatorName() + "_results.json",
                JSON.writerWithDefaultPrettyPrinter().writeValueAsString(results) + "\n");
    }

    /** The project version stamped into every row. */
    static String version() {
        try (InputStream in = SparkSearch.class.getResourceAsStream("/org/modnas/spark/version.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
