package org.modnas.spark.report;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.modnas.core.store.Location;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code modnas export <run dir> --format csv|json [--all-rungs] [--out FILE]}: the candidates
 * table, one record per candidate (its final row; with {@code --all-rungs} one per candidate and rung), for people without Spark (see {@link TableExport} for the
 * formats). To standard output, or to a file written whole or not at all. Exit 0; 2 for usage
 * errors, an unknown format and a run folder without a table.
 */
@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Export the candidates table of a search run as CSV or JSON."})
public final class ExportCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "<run dir>", description = "the run's folder, <output.dir>/<run.id>: a path "
            + "or a URI such as hdfs://namenode:8020/runs/<run.id>")
    private String runDirText;

    private Location runDir;

    @Option(names = "--format", required = true, paramLabel = "csv|json",
            description = "csv (RFC 4180, header line, maps as JSON text) or json (an array of objects, nulls kept)")
    private String format;

    @Option(names = "--out", paramLabel = "FILE", description = "write to this file (whole, a path or a URI) instead of standard output")
    private String outFile;

    @Option(names = "--all-rungs", description = "under early stopping, one record per candidate and rung "
            + "instead of each candidate's final one")
    private boolean allRungs;

    private PrintStream out;
    private PrintStream err;

    /** Runs the command; returns the exit status. */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        ExportCommand cmd = new ExportCommand();
        cmd.out = out;
        cmd.err = err;
        return Commands.execute("export", cmd, args, out, err);
    }

    @Override
    public Integer call() throws Exception {
        runDir = Location.of(runDirText);
        TableExport.Format f = TableExport.Format.parse(format);
        if (f == null) {
            throw new IllegalArgumentException("unknown format '" + format + "'; allowed: " + TableExport.Format.allowed());
        }
        RunTable.requireTable(runDir);
        try (ReportSession session = ReportSession.open()) {
            Dataset<Row> table = allRungs ? RunTable.readRungs(session.spark(), runDir) : RunTable.read(session.spark(), runDir);
            if (outFile == null) {
                TableExport.write(table, f, out);
                out.flush();
            } else {
                long[] rows = new long[1];
                Location.of(outFile).write(o -> rows[0] = TableExport.write(table, f, o));
                err.println("exported " + rows[0] + (allRungs ? " rows" : " candidates") + " to " + outFile);
            }
        }
        return 0;
    }
}
