package org.modnas.spark.report;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;
import org.modnas.core.store.Location;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code modnas show <run dir>}: a plain-text summary of a run read from its candidates
 * table: run id, optimizer and config hash, counts by status, the best candidates, time per
 * candidate, the executors used and the first errors; for a gradient search (stages only, no
 * candidates) its stages' final metrics, derived desc and accuracy per epoch. Exit 0; 2 for usage
 * errors and a run folder without a table or stage results.
 */
@Command(name = "show", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Summarise a search run: counts by status, best candidates, time per candidate, "
                + "executors used and the first errors."})
public final class ShowCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "<run dir>", description = "the run's folder, <output.dir>/<run.id>: a path "
            + "or a URI such as hdfs://namenode:8020/runs/<run.id>")
    private String runDirText;

    private Location runDir;

    private PrintStream out;

    /** Runs the command; returns the exit status. */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        ShowCommand cmd = new ShowCommand();
        cmd.out = out;
        return Commands.execute("show", cmd, args, out, err);
    }

    @Override
    public Integer call() {
        runDir = Location.of(runDirText);
        Location table = runDir.resolve(org.modnas.spark.table.CandidatesTable.FOLDER);
        if (RunTable.isFolder(table) && !RunTable.holdsParquet(table)) {
            java.util.Map<String, org.modnas.core.estim.StageResult> stages = StageReport.stages(runDir);
            if (!stages.isEmpty()) {
                out.print(StageReport.text(runDir, stages));
                return 0;
            }
        }
        RunTable.requireTable(runDir); // before Spark starts: a typo should not cost a session
        try (ReportSession session = ReportSession.open()) {
            java.util.List<org.modnas.spark.table.CandidateRow> rungs = RunTable.collect(RunTable.readRungs(session.spark(), runDir));
            out.print(RunSummary.of(RunTable.finalRows(rungs)).toText());
            out.print(RunSummary.rungsText(rungs));
        }
        return 0;
    }
}
