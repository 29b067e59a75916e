package org.modnas.spark.report;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.modnas.core.estim.StageResult;
import org.modnas.core.store.Location;
import org.modnas.spark.table.CandidateRow;
import org.modnas.spark.table.CandidatesTable;

/**
 * Writes a run's HTML report: {@code <run>/report/index.html} with its PNG charts
 * beside it. The driver calls it at the end of every search; {@code modnas report} calls it on
 * demand. Each file is written whole or not at all, the page last, so a crash leaves the previous
 * report as it was. Run folders on the local file system only.
 */
public final class RunReport {
    /** The report's folder inside the run folder. */
    public static final String FOLDER = "report";
    /** The page's file name. */
    public static final String PAGE = "index.html";

    private RunReport() {
    }

    /**
     * Reads the run's table with {@code spark} and writes its report; a run of stages only (a
     * gradient search, which has no candidates) gets the report of its epochs ({@link StageReport}).
     *
     * @return the path of the page, {@code <runDir>/report/index.html}
     * @throws IllegalArgumentException naming the path when the run folder or its table is missing
     */
    public static Location write(SparkSession spark, Location runDir) {
        Location table = runDir.resolve(CandidatesTable.FOLDER);
        if (RunTable.isFolder(runDir) && (!RunTable.isFolder(table) || !RunTable.holdsParquet(table))) {
            // a search of stages only (a gradient search) has no candidates: its report shows its epochs
            Map<String, StageResult> stages = StageReport.stages(runDir);
            if (!stages.isEmpty()) {
                return StageReport.write(runDir, stages);
            }
        }
        return write(RunTable.collect(RunTable.readRungs(spark, runDir)), runDir);
    }

    /** Whether the report's page was written after {@code sinceMillis} (the table's last change). */
    public static boolean upToDate(Location runDir, long sinceMillis) {
        try {
            Location page = runDir.resolve(FOLDER).resolve(PAGE);
            return page.isFile() && page.modifiedMillis() >= sinceMillis;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /**
     * Writes the report of {@code table} (rows of the candidates table, at most one per candidate)
     * into {@code <runDir>/report/}.
     *
     * @return the path of the page
     */
    public static Location write(Dataset<Row> table, Location runDir) {
        return write(RunTable.collect(table), runDir);
    }

    /**
     * Writes the report of {@code rungs} (every row of the table: under a multi-fidelity scheduler
     * one per candidate and rung) into {@code <runDir>/report/}; returns the page's path. The summary
     * and the best candidates are of each candidate's final row; the learning curves and the
     * timeline show every rung.
     */
    public static Location write(List<CandidateRow> rungs, Location runDir) {
        Location dir = runDir.resolve(FOLDER);
        List<CandidateRow> rows = RunTable.finalRows(rungs);
        List<Charts.Chart> charts = Charts.write(rows, rungs, dir);
        RunSummary summary = RunSummary.of(rows);
        Location page = dir.resolve(PAGE);
        page.write(ReportPage.html(summary, RunSummary.best(rows, ReportPage.TOP), charts,
                Instant.now().truncatedTo(ChronoUnit.SECONDS)));
        return page;
    }
}
