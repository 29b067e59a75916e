package org.modnas.spark.driver;

import com.typesafe.config.Config;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Properties;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.modnas.core.config.ConfigLoader;
import org.modnas.core.config.LoadedConfig;
import org.modnas.core.estim.SupernetWeights;
import org.modnas.core.export.Exporter;
import org.modnas.core.objective.Objective;
import org.modnas.core.run.RunLease;
import org.modnas.core.search.SearchOutputs;
import org.modnas.core.store.Location;
import org.modnas.spark.report.RunReport;
import org.modnas.spark.table.CandidatesTable;

/**
 * The Java API of a distributed search: runs (or resumes) the search a config
 * describes on an existing {@link SparkSession} and gives back the candidates table. The session
 * should use Kryo with the project's registrator ({@link SearchSessions#create} sets it up); the
 * tasks also run under Java serialization.
 */
public final class SparkSearch {
    private SparkSearch() {
    }

    /** Runs the search and returns its candidates table, one row per candidate. */
    public static Dataset<Row> run(SparkSession spark, Config config) {
        SearchSummary s = search(spark, config, System.err);
        return table(spark, s.runDir());
    }

    /** The candidates table of a run folder, one row per candidate, in proposal order. */
    public static Dataset<Row> table(SparkSession spark, String runDir) {
        return CandidatesTable.read(spark, Location.of(runDir).resolve(CandidatesTable.FOLDER).uri().toString());
    }

    /**
     * Validates {@code config} (the keys a user gave, as a file would hold them) with the project's
     * config loader and runs the search; see {@link #search(SparkSession, LoadedConfig, PrintStream)}.
     * Without {@code run.id}, the run is named {@code search-<config hash>}.
     *
     * @throws org.modnas.core.config.ConfigError naming every bad key
     */
    public static SearchSummary search(SparkSession spark, Config config, PrintStream progress) {
        return search(spark, new ConfigLoader().load(config, "search", List.of()), progress);
    }

    /**
     * Runs the search (or resumes it when its run folder already holds rows), writing the table,
     * the resolved config, optimizer snapshots, the best desc through the configured exporters, the
     * results file, the HTML report and a log under the run folder.
     *
     * @param config   the loaded config ({@link ConfigLoader#loadAny})
     * @param progress where the live progress line goes (standard error for a terminal)
     * @throws IllegalArgumentException for a config error, with a message naming the key
     */
    public static SearchSummary search(SparkSession spark, LoadedConfig config, PrintStream progress) {
        return search(spark, SearchPlan.prepare(config), progress);
    }

    /**
     * Runs a prepared search; see {@link #search(SparkSession, LoadedConfig, PrintStream)}. Before
     * anything is written it waits up to {@code spark.executor_wait_s} for the cluster's first
     * executor, and fails naming the master and the likely causes when none registers.
     */
    public static SearchSummary search(SparkSession spark, SearchPlan plan, PrintStream progress) {
        LoadedConfig config = plan.config();
        SearchSettings settings = plan.settings();
        List<Exporter> exporters = plan.exporters();
        Objective objective = plan.objective();
        long wallStart = System.nanoTime();
        SearchSessions.awaitExecutors(spark.sparkContext(), settings.executorWaitSeconds(), progress);
        ShippedJars.addTo(spark.sparkContext());
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Broadcast<String> configText = jsc.broadcast(config.wireText());
        try (RunLease lease = RunLease.acquire(settings.run().root(), progress::println);
             RunFolder run = new RunFolder(settings.run());
             RemoteStages stages = new RemoteStages(spark.sparkContext(), configText, settings.run(), progress)) {
            run.directory().writeConfig(config.render());
            String dashboard = org.modnas.spark.ui.DashboardServer.urlFor(run.root());
            if (dashboard != null) {
                run.log("dashboard at " + dashboard);
            }
            run.log("search " + settings.runId() + " on Spark master " + spark.sparkContext().master()
                    + " (application " + spark.sparkContext().applicationId() + ")");
            SupernetWeights supernet = settings.chain().runStages(run.directory(), exporters, settings.seed(),
                    settings.configHash(), stages,
                    line -> {
                        run.log(line);
                        progress.println(line);
                    });
            if (!settings.chain().hasCandidate()) {
                SearchSummary summary = StageSearch.finish(spark, run.directory(), settings, exporters, wallStart);
                run.log("search " + settings.runId() + " finished: " + summary.bestArchDesc());
                report(spark, run);
                return summary;
            }
            List<org.modnas.core.arch.ArchDesc> warmup = settings.prefilter().enabled()
                    ? settings.prefilter().warmup(spark.sparkContext(), configText, settings, plan.space(), plan.space()::canonical,
                            run, version(), progress)
                    : List.of();
            SearchLoop loop = new SearchLoop(spark, settings, plan.optimizers(), plan::newScheduler, plan.space()::canonical,
                    objective::score, run, configText,
                    supernet == null ? null : stages.broadcast(supernet), version(), progress, warmup);
            SearchSummary summary = loop.run();
            if (!settings.tableName().isEmpty()) {
                spark.sql("CREATE TABLE IF NOT EXISTS " + settings.tableName() + " USING parquet LOCATION '"
                        + run.candidates() + "'");
            }
            long tableChanged = lastChange(run.directory().candidatesDir());
            if (summary.evaluatedHere() == 0 && tableChanged >= 0
                    && SearchOutputs.upToDate(run.directory(), settings.estimatorName(), exporters, tableChanged)
                    && RunReport.upToDate(run.root(), tableChanged)) {
                // a rerun of a spent run: what it would write, an earlier session wrote after the table's last row
                run.log("outputs and report are up to date with the table: not written again");
                return summary;
            }
            SearchOutputs.write(run.directory(), settings.estimatorName(), loop.records(), exporters);
            report(spark, run);
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

    /** When the table's newest file was written, or -1 when it cannot be told. */
    private static long lastChange(Location table) {
        try {
            long last = -1;
            for (Location f : table.list()) {
                last = Math.max(last, f.modifiedMillis());
            }
            return last;
        } catch (IOException e) {
            return -1;
        }
    }

    /** Writes the HTML report; a failure is logged, never fails a finished search. */
    private static void report(SparkSession spark, RunFolder run) {
        try {
            Location page = RunReport.write(spark, run.root());
            run.log("report written to " + page);
        } catch (RuntimeException | LinkageError e) {
            run.log("could not write the report: " + e);
            System.err.println("warning: the search finished but its report could not be written: " + e.getMessage());
        }
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
