package org.modnas.spark.report;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;
import org.modnas.core.store.Location;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code modnas report <run dir>}: (re)writes the run's HTML report,
 * {@code <run>/report/index.html} and its PNG charts, and prints the page's path. Exit 0; 2 for
 * usage errors and a run folder without a table.
 */
@Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"(Re)write the HTML report of a search run: <run dir>/report/index.html with PNG charts "
                + "(best score over time and over candidates, accuracy vs params/MACs/latency with the Pareto front, "
                + "executor timeline). The page works offline."})
public final class ReportCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "<run dir>", description = "the run's folder, <output.dir>/<run.id>: a path "
            + "or a URI such as hdfs://namenode:8020/runs/<run.id>")
    private String runDirText;

    private Location runDir;

    private PrintStream out;

    /** Runs the command; returns the exit status. */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        ReportCommand cmd = new ReportCommand();
        cmd.out = out;
        return Commands.execute("report", cmd, args, out, err);
    }

    @Override
    public Integer call() {
        runDir = Location.of(runDirText);
        RunTable.requireTable(runDir);
        try (ReportSession session = ReportSession.open()) {
            out.println(RunReport.write(session.spark(), runDir));
        }
        return 0;
    }
}
