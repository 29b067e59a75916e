package org.modnas.spark.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.modnas.core.config.ConfigLoader;
import org.modnas.core.config.LoadedConfig;
import org.modnas.core.registry.Registry;
import org.modnas.core.registry.UserJars;
import org.modnas.core.run.RunLease;
import org.modnas.spark.ui.DashboardServer;
import org.modnas.spark.driver.SearchPlan;
import org.modnas.spark.driver.SearchSessions;
import org.modnas.spark.driver.SearchSummary;
import org.modnas.spark.driver.SparkSearch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code modnas search <config> [key=value ...]}: loads and checks the config (everything that can
 * be checked before Spark starts: keys, ranges, data files, the run folder, the master), starts Spark
 * (the master as {@link SearchSessions} chooses it), runs or resumes the search and prints a summary.
 * Exit status 0 on success, 2 for usage and config errors, 1 when the search itself fails (no
 * executor registered, a stage failed, or too many candidates failed in a row).
 */
@Command(name = "search", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run (or resume) a neural architecture search on Spark.",
                "Spark runs in local mode unless the config or spark.master=... names a master."})
public final class SearchCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "<config>",
            description = "the search config: HOCON (.conf), or the original ModularNAS layout (.yaml, .yml)")
    private Path config;

    @Parameters(index = "1..*", paramLabel = "key=value", description = "config overrides, e.g. search.budget.candidates=50")
    private List<String> overrides = new ArrayList<>();

    @Option(names = "--jars", split = ",", paramLabel = "JAR",
            description = {"your own jars (models, primitives, estimators, ... with their ComponentProvider),",
                "comma-separated: put on the driver's class path and shipped to the executors"})
    private List<String> jars = new ArrayList<>();

    private PrintStream out;
    private PrintStream err;

    /** Runs the command; returns the exit status. */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        SearchCommand cmd = new SearchCommand();
        cmd.out = out;
        cmd.err = err;
        CommandLine cli = new CommandLine(cmd)
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .setExecutionExceptionHandler((e, line, parsed) -> failed(e, err));
        return cli.execute(args.toArray(new String[0]));
    }

    @Override
    public Integer call() {
        SearchPlan plan;
        SparkConf conf;
        try {
            UserJars.load(jars, Registry.global());
            LoadedConfig cfg = new ConfigLoader().loadAny(config, overrides);
            plan = SearchPlan.prepare(cfg); // every usage and config error surfaces before Spark starts
            conf = SearchSessions.conf(cfg);
        } catch (IllegalArgumentException | ConfigException e) {
            err.println("config error: " + e.getMessage());
            return 2;
        }
        RunLease lease;
        try {
            lease = RunLease.acquire(plan.settings().run().root(), err::println);
        } catch (RunLease.HeldException e) {
            err.println("search refused: " + e.getMessage());
            return 2;
        }
        DashboardServer dashboard = null;
        Config ui = plan.config().config().getConfig("ui");
        if (ui.getBoolean("enabled")) {
            try {
                dashboard = DashboardServer.start(plan.settings().run().root(), ui.getString("host"), ui.getInt("port"), true,
                        ui.getString("prefix"));
                out.println("dashboard: " + dashboard.url());
            } catch (IOException | IllegalArgumentException e) {
                err.println("warning: no dashboard: " + e.getMessage());
            }
        }
        SparkSession spark = SparkSession.builder().config(conf).getOrCreate();
        try (lease; DashboardServer served = dashboard) {
            SearchSummary s = SparkSearch.search(spark, plan, err);
            if (!plan.settings().chain().hasCandidate()) {
                out.println("run " + s.runId() + ": " + s.stopReason() + String.format(Locale.ROOT, " after %.1f s", s.wallSeconds()));
                out.println("best: " + (s.bestArchDesc() == null ? "none" : s.bestArchDesc()
                        + (s.bestScore() == null ? "" : " accuracy " + s.bestScore())));
                out.println("alpha history: " + s.runDir() + "/alphas");
                return 0;
            }
            out.println("run " + s.runId() + ": " + s.total() + " candidates " + s.byStatus() + ", stopped by "
                    + s.stopReason() + String.format(Locale.ROOT, " after %.1f s", s.wallSeconds()));
            out.println("best: " + (s.bestCandidateId() == null ? "none" : s.bestCandidateId() + " score "
                    + s.bestScore() + " " + s.bestArchDesc()));
            out.println("table: " + s.runDir() + "/candidates");
            if (s.failed()) {
                err.println("search stopped: " + s.stopReason() + "; the last error: " + s.lastError());
                return 1;
            }
            return 0;
        } catch (IllegalArgumentException | ConfigException e) {
            err.println("config error: " + e.getMessage());
            return 2;
        } catch (IllegalStateException e) {
            return failed(e, err);
        } finally {
            spark.stop();
        }
    }

    /**
     * A failure's one line. A search stopped by a signal (SIGTERM from cron or systemd) fails in
     * whatever Spark call it was making when the JVM began to shut down; that is no fault of the run.
     */
    private static int failed(Exception e, PrintStream err) {
        if (shuttingDown()) {
            err.println("search stopped by a signal: every finished candidate is in the table; the same command resumes it");
            return 143;
        }
        err.println("search failed: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
        return 1;
    }

    private static boolean shuttingDown() {
        Thread probe = new Thread(() -> { });
        try {
            Runtime.getRuntime().addShutdownHook(probe);
            Runtime.getRuntime().removeShutdownHook(probe);
            return false;
        } catch (IllegalStateException e) {
            return true;
        }
    }
}
