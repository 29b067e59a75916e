package org.modnas.spark.cli;

import com.typesafe.config.ConfigException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.modnas.core.config.ConfigLoader;
import org.modnas.core.config.LoadedConfig;
import org.modnas.spark.driver.SearchSessions;
import org.modnas.spark.driver.SearchSettings;
import org.modnas.spark.driver.SearchSpaces;
import org.modnas.spark.driver.SearchSummary;
import org.modnas.spark.driver.SparkSearch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code modnas search <config> [key=value ...]}: loads the config, starts Spark (local
 * mode unless the config or {@code spark.master=...} says otherwise, or spark-submit gave a master),
 * runs or resumes the search and prints a summary. Exit status 0 on success, 2 for usage and config
 * errors, 1 when the search itself fails.
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
                .setExecutionExceptionHandler((e, line, parsed) -> {
                    err.println("search failed: " + e);
                    return 1;
                });
        return cli.execute(args.toArray(new String[0]));
    }

    @Override
    public Integer call() {
        LoadedConfig cfg;
        try {
            cfg = new ConfigLoader().loadAny(config, overrides);
            SearchSettings.of(cfg); // config errors surface before Spark starts
            SearchSpaces.fromConfig(cfg.config());
        } catch (IllegalArgumentException | ConfigException e) {
            err.println("config error: " + e.getMessage());
            return 2;
        }
        SparkSession spark = SearchSessions.create(cfg.config());
        try {
            SearchSummary s = SparkSearch.search(spark, cfg, err);
            out.println("run " + s.runId() + ": " + s.total() + " candidates " + s.byStatus() + ", stopped by "
                    + s.stopReason() + String.format(Locale.ROOT, " after %.1f s", s.wallSeconds()));
            out.println("best: " + (s.bestCandidateId() == null ? "none" : s.bestCandidateId() + " score "
                    + s.bestScore() + " " + s.bestArchDesc()));
            out.println("table: " + s.runDir() + "/candidates");
            return 0;
        } catch (IllegalArgumentException | ConfigException e) {
            err.println("config error: " + e.getMessage());
            return 2;
        } finally {
            spark.stop();
        }
    }
}
