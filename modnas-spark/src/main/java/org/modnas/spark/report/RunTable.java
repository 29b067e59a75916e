package org.modnas.spark.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.modnas.core.store.Location;
import org.modnas.spark.table.CandidateRow;
import org.modnas.spark.table.CandidatesSchema;
import org.modnas.spark.table.CandidatesTable;

/**
 * Reads the candidates table of a run folder for the report commands: checks that
 * the folder and its table are there (with a message naming the path when not), reads it with one
 * row per candidate, and turns rows into plain Java values in column order. Map columns keep their
 * written order (param order for {@code arch}), which Spark's own map conversion does not promise.
 */
public final class RunTable {
    private RunTable() {
    }

    /**
     * Every (candidate, rung) row of the run at {@code runDir} (without a multi-fidelity scheduler,
     * one per candidate), as {@link CandidatesTable#readRungs} reads it.
     *
     * @throws IllegalArgumentException naming the path when the folder or its table is missing or empty
     */
    public static Dataset<Row> readRungs(SparkSession spark, Location runDir) {
        Location table = requireTable(runDir);
        return CandidatesTable.readRungs(spark, table.uri().toString());
    }

    /** Each candidate's final row (the highest rung it reached) of {@code rows}, in seq order. */
    public static List<CandidateRow> finalRows(List<CandidateRow> rows) {
        Map<String, CandidateRow> last = new java.util.LinkedHashMap<>();
        for (CandidateRow r : rows) {
            last.merge(r.candidateId(), r, (a, b) -> b.rung() > a.rung() ? b : a);
        }
        return last.values().stream().sorted(java.util.Comparator.comparingLong(CandidateRow::seq)).toList();
    }

    /**
     * The table of the run at {@code runDir}, one row per candidate (a retried duplicate is dropped
     * the way {@link CandidatesTable#read} does), ordered by {@code seq}.
     *
     * @throws IllegalArgumentException naming the path when the folder or its table is missing or empty
     */
    public static Dataset<Row> read(SparkSession spark, Location runDir) {
        Location table = requireTable(runDir);
        return CandidatesTable.read(spark, table.uri().toString());
    }

    /** The table folder of the run at {@code runDir}; fails with a message a user can act on when absent. */
    public static Location requireTable(Location runDir) {
        if (!isFolder(runDir)) {
            throw new IllegalArgumentException(isFile(runDir) ? runDir + " is not a run folder (it is a file)"
                    : "no run folder at " + runDir);
        }
        Location table = runDir.resolve(CandidatesTable.FOLDER);
        if (!isFolder(table)) {
            throw new IllegalArgumentException("no candidates table in " + runDir + ": " + table
                    + " does not exist (is this the folder of a search run, <output.dir>/<run.id>?)");
        }
        if (!holdsParquet(table)) {
            throw new IllegalArgumentException("the candidates table " + table + " holds no Parquet files yet"
                    + " (no candidate of this run has finished)");
        }
        return table;
    }

    static boolean holdsParquet(Location table) {
        try {
            return table.list().stream().map(Location::name)
                    .anyMatch(n -> n.endsWith(".parquet") && !n.startsWith(".") && !n.startsWith("_"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + table + ": " + e.getMessage(), e);
        }
    }

    /** The rows as Java values: see {@link CandidatesTable#values(Row)}. */
    public static Iterator<Map<String, Object>> values(Dataset<Row> table) {
        // collected in one job rather than streamed partition by partition: one run's table fits in driver memory
        Iterator<Row> rows = CandidatesTable.withOrderedMaps(table).collectAsList().iterator();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return rows.hasNext();
            }

            @Override
            public Map<String, Object> next() {
                return CandidatesTable.values(rows.next());
            }
        };
    }

    /** Every row as a {@link CandidateRow}, in the table's order. */
    public static List<CandidateRow> collect(Dataset<Row> table) {
        List<CandidateRow> out = new ArrayList<>();
        for (Row r : CandidatesTable.withOrderedMaps(table).collectAsList()) {
            out.add(CandidatesSchema.row(CandidatesTable.values(r)));
        }
        return out;
    }

    /** Whether {@code l} is a folder; a file system that cannot be reached is an error naming it. */
    static boolean isFolder(Location l) {
        try {
            return l.isFolder();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + l + ": " + e.getMessage(), e);
        }
    }

    private static boolean isFile(Location l) {
        try {
            return l.isFile();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + l + ": " + e.getMessage(), e);
        }
    }
}
