package org.modnas.spark.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * The {@code modnas} command line: one launcher whose subcommands run a search,
 * describe a model or run the benchmarks. Usage and config errors exit with status 2.
 */
@Command(name = "modnas", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Modular neural architecture search on DJL and Apache Spark.",
        subcommands = {Main.Search.class, Main.Show.class, Main.Report.class, Main.Export.class, Main.ModelCmd.class,
            Main.Train.class, Main.Bench.class, Main.Ui.class, CommandLine.HelpCommand.class})
public final class Main implements Callable<Integer> {
    static final int USAGE = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The streams {@link #run} was given, which every sub-command writes to. */
    private PrintStream out = System.out;
    private PrintStream err = System.err;

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command line and returns the exit status. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Main main = new Main();
        main.out = out;
        main.err = err;
        CommandLine cl = new CommandLine(main);
        cl.setOut(new java.io.PrintWriter(out, true));
        cl.setErr(new java.io.PrintWriter(err, true));
        cl.setExecutionExceptionHandler((ex, line, parsed) -> {
            if (ex instanceof IllegalArgumentException) {
                // config errors, unknown components, descs that do not fit: the user can act on the message
                err.println("modnas: " + ex.getMessage());
                return USAGE;
            }
            err.println("modnas: " + ex);
            ex.printStackTrace(err);
            return 1;
        });
        return cl.execute(args);
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return USAGE;
    }

    /** {@code modnas bench <name> [key=value ...]} — the benchmarks. */
    @Command(name = "bench", mixinStandardHelpOptions = true,
            description = {"Run a benchmark and print one line per measurement: bench=<name> key=value ...",
                "Names: optim (proposals per second of each discrete optimizer on a 21 x 7 space),",
                "model (training-step images per second of CIFAR_MobileNetV2 and the Fashion-MNIST model; profile=1: per operator),",
                "candidate (where a candidate's time goes: build, init, train, batch-norm recalibration, validation),",
                "supernet (a gradient search's weight and arch steps per batch against a plain subnet's step),",
                "train (training images per second with and without data loading),",
                "spark (the distributed loop's overhead with a 1 s estimator, and no-op candidates per second),",
                "soak (a long search while the JVM's memory is sampled: resident, heap, C allocator, live arrays),",
                "search (optimizers x schedulers replayed on a ground-truth table over many seeds: incumbent, regret, rank test),",
                "rank (rank correlation of cheap estimates with a ground-truth table's final scores),",
                "ui (the dashboard's API timed on a synthetic run of 100,000 candidates)."})
    static final class Bench implements Callable<Integer> {
        @CommandLine.ParentCommand
        Main main;

        @Parameters(index = "0", paramLabel = "<name>", description = "optim | model | candidate | supernet | train | spark | soak | search | rank | ui")
        String name;

        @Parameters(index = "1..*", paramLabel = "key=value", description = "benchmark options")
        List<String> options = new ArrayList<>();

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            Map<String, String> opts = keyValues(options, spec);
            PrintStream out = main.out;
            switch (name) {
                case "optim" -> org.modnas.core.bench.OptimBenchmark.run(opts, out);
                case "model" -> org.modnas.models.bench.ModelBenchmark.run(opts, out);
                case "train" -> org.modnas.models.bench.TrainBenchmark.run(opts, out);
                case "candidate" -> org.modnas.models.bench.CandidateBenchmark.run(opts, out);
                case "supernet" -> org.modnas.models.bench.SupernetBenchmark.run(opts, out);
                case "spark" -> {
                    return org.modnas.spark.bench.SparkBenchmark.run(opts, out);
                }
                case "soak" -> {
                    return org.modnas.spark.bench.SoakBenchmark.run(opts, out);
                }
                case "search" -> {
                    return org.modnas.spark.replay.SearchBenchmark.run(opts, out);
                }
                case "rank" -> {
                    return org.modnas.spark.replay.RankBenchmark.run(opts, out);
                }
                case "ui" -> {
                    return org.modnas.spark.bench.UiBenchmark.run(opts, out);
                }
                default -> throw new CommandLine.ParameterException(spec.commandLine(),
                        "unknown benchmark '" + name + "'; known: optim, model, candidate, supernet, train, spark, soak, search, rank, ui");
            }
            return 0;
        }
    }

    /** {@code modnas search <config> [key=value ...]} — run or resume a search. */
    @Command(name = "search", description = "Run, or resume, a search: Spark in local mode unless the config or spark.master says otherwise.")
    static final class Search implements Callable<Integer> {
        @CommandLine.ParentCommand
        Main main;

        @CommandLine.Unmatched
        List<String> args = new ArrayList<>();

        @Override
        public Integer call() {
            return SearchCommand.run(args, main.out, main.err);
        }
    }

    /** {@code modnas ui <folder>} — the live dashboard of every run under a folder, or of one run. */
    @Command(name = "ui", mixinStandardHelpOptions = true,
            description = {"Serve the live dashboard of every run under a folder of runs, or of one run folder.",
                "Read-only; runs written by another machine, running or finished, look the same."})
    static final class Ui implements Callable<Integer> {
        @CommandLine.ParentCommand
        Main main;

        @Parameters(index = "0", paramLabel = "<folder>", description = "a folder of runs (e.g. runs) or one run folder: "
                + "a path or a URI such as hdfs://namenode:8020/runs")
        String folderText;

        @CommandLine.Option(names = "--port", description = "the port (default 4050; the next free one when taken)")
        Integer port;

        @CommandLine.Option(names = "--host", description = "the address to listen on (default 127.0.0.1: this machine only)")
        String host = "127.0.0.1";

        @CommandLine.Option(names = "--prefix", description = "a path prefix, behind a proxy (e.g. /proxy/app-1)")
        String prefix = "";

        @Override
        public Integer call() throws Exception {
            org.modnas.core.store.Location folder;
            try {
                folder = org.modnas.core.store.Location.of(folderText);
                if (!folder.isFolder()) {
                    main.err.println("modnas ui: " + folder + " is not a folder");
                    return USAGE;
                }
            } catch (IllegalArgumentException | java.io.IOException e) {
                main.err.println("modnas ui: " + folderText + ": " + e.getMessage());
                return USAGE;
            }
            org.modnas.spark.ui.DashboardServer server = org.modnas.spark.ui.DashboardServer.start(folder, host,
                    port == null ? 4050 : port, port == null, prefix);
            main.out.println("dashboard: " + server.url() + " (serving " + server.folder() + "; Ctrl-C stops it)");
            Thread.currentThread().join();
            return 0;
        }
    }

    /** {@code modnas show <run dir>} — summary of a run. */
    @Command(name = "show", description = "Summarise a run: best candidates, counts by status, time per candidate, executors.")
    static final class Show implements Callable<Integer> {
        @CommandLine.ParentCommand
        Main main;

        @CommandLine.Unmatched
        List<String> args = new ArrayList<>();

        @Override
        public Integer call() {
            return org.modnas.spark.report.ShowCommand.run(args, main.out, main.err);
        }
    }

    /** {@code modnas report <run dir>} — (re)write the HTML report. */
    @Command(name = "report", description = "Write the run's HTML report with charts to <run dir>/report/index.html.")
    static final class Report implements Callable<Integer> {
        @CommandLine.ParentCommand
        Main main;

        @CommandLine.Unmatched
        List<String> args = new ArrayList<>();

        @Override
        public Integer call() {
            return org.modnas.spark.report.ReportCommand.run(args, main.out, main.err);
        }
    }

    /** {@code modnas export <run dir> --format csv|json} — the candidates table for people without Spark. */
    @Command(name = "export", description = "Export the candidates table as CSV or JSON.")
    static final class Export implements Callable<Integer> {
        @CommandLine.ParentCommand
        Main main;

        @CommandLine.Unmatched
        List<String> args = new ArrayList<>();

        @Override
        public Integer call() {
            return org.modnas.spark.report.ExportCommand.run(args, main.out, main.err);
        }
    }

    /** {@code modnas model <type> [key=value ...]} — describe a model and its search space. */
    @Command(name = "model", description = "Describe a model's search space: slots, choices, space size, params and MACs.")
    static final class ModelCmd implements Callable<Integer> {
        @CommandLine.ParentCommand
        Main main;

        @CommandLine.Unmatched
        List<String> args = new ArrayList<>();

        @Override
        public Integer call() {
            return org.modnas.models.cli.ModelCommand.run(args, main.out, main.err);
        }
    }

    /** {@code modnas train <config> --arch <desc file> [key=value ...]} — retrain an architecture. */
    @Command(name = "train", description = "Retrain an exported architecture and report its test accuracy.")
    static final class Train implements Callable<Integer> {
        @CommandLine.ParentCommand
        Main main;

        @CommandLine.Unmatched
        List<String> args = new ArrayList<>();

        @Override
        public Integer call() {
            return org.modnas.models.cli.TrainCommand.run(args, main.out, main.err);
        }
    }

    /** Parses {@code key=value} arguments, rejecting anything else with a usage error. */
    static Map<String, String> keyValues(List<String> args, CommandLine.Model.CommandSpec spec) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String a : args) {
            int eq = a.indexOf('=');
            if (eq <= 0) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "expected key=value, got '" + a + "'");
            }
            m.put(a.substring(0, eq).trim(), a.substring(eq + 1).trim());
        }
        return m;
    }

    /** The version of the running jar. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"modnas " + (v == null ? "development build" : v)};
        }
    }
}
