package org.modnas.spark.table;

import java.io.IOException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.functions;
import org.modnas.core.estim.CandidateStatus;

/**
 * The candidates table: one Parquet folder ({@code <output>/<run_id>/candidates/}),
 * one file per flushed batch, readable by any Spark session without the project's classes. Its
 * columns are defined once, in {@link CandidatesSchema}. This class reads the table back: every
 * (candidate, rung) once, or each candidate's final row, and as {@link CandidateRow}s.
 */
public final class CandidatesTable {
    /** Name of the table folder inside the run folder. */
    public static final String FOLDER = "candidates";

    private CandidatesTable() {
    }

    /** True when the folder holds at least one finished Parquet file. */
    public static boolean exists(Path folder, Configuration hadoop) throws IOException {
        FileSystem fs = folder.getFileSystem(hadoop);
        if (!fs.exists(folder)) {
            return false;
        }
        for (FileStatus s : fs.listStatus(folder)) {
            String n = s.getPath().getName();
            if (n.endsWith(".parquet") && !n.startsWith(".") && !n.startsWith("_")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Every (candidate, rung) of {@code rows} once, by the rule {@link #readRungs} applies in Spark:
     * should a task have been retried and left two rows, the scored row wins, then the earliest
     * finished, then the earlier seq. Ordered by seq, then rung.
     */
    public static List<CandidateRow> onePerRung(java.util.Collection<CandidateRow> rows) {
        Map<String, CandidateRow> byKey = new LinkedHashMap<>();
        for (CandidateRow r : rows) {
            byKey.merge(r.key(), r, (a, b) -> wins(b, a) ? b : a);
        }
        List<CandidateRow> out = new ArrayList<>(byKey.values());
        out.sort(java.util.Comparator.comparingLong(CandidateRow::seq).thenComparingInt(CandidateRow::rung));
        return out;
    }

    /** Whether row {@code a} of a (candidate, rung) is kept over row {@code b} of the same. */
    private static boolean wins(CandidateRow a, CandidateRow b) {
        if (a.scored() != b.scored()) {
            return a.scored();
        }
        long fa = a.finishedAtMs() == null ? Long.MAX_VALUE : a.finishedAtMs();
        long fb = b.finishedAtMs() == null ? Long.MAX_VALUE : b.finishedAtMs();
        return fa != fb ? fa < fb : a.seq() < b.seq();
    }

    /**
     * Every (candidate, rung) of the table at {@code folder} once: should a task have been retried
     * and left two rows, the scored row wins, then the earliest finished. An absent or empty folder
     * gives an empty table. Ordered by seq, then rung. A file that cannot be read is first moved into
     * the run's {@code quarantine} folder with a warning, and the rest is read.
     */
    public static Dataset<Row> readRungs(SparkSession spark, String folder) {
        try {
            Configuration hadoop = spark.sparkContext().hadoopConfiguration();
            for (TableFiles.Quarantined q : TableFiles.quarantineDamaged(new Path(folder), hadoop)) {
                System.err.println(q.warning());
            }
            if (!exists(new Path(folder), hadoop)) {
                return spark.createDataFrame(new ArrayList<Row>(), CandidatesSchema.SPARK);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list the candidates table at " + folder + ": " + e.getMessage(), e);
        }
        Dataset<Row> raw = spark.read().schema(CandidatesSchema.SPARK).parquet(folder)
                .withColumn("rung", functions.coalesce(functions.col("rung"), functions.lit(0)));
        Column scoredFirst = functions.when(functions.col("status").isin(CandidateStatus.OK.name(), CandidateStatus.PRUNED.name()), 0).otherwise(1);
        return raw.withColumn("_rank", functions.row_number().over(
                        Window.partitionBy("candidate_id", "rung").orderBy(scoredFirst, functions.col("finished_at"), functions.col("seq"))))
                .where(functions.col("_rank").equalTo(1))
                .drop("_rank")
                .orderBy("seq", "rung");
    }

    /**
     * The table at {@code folder} with one row per candidate: its final row, the highest rung it
     * reached (without a multi-fidelity scheduler, its only row). Ordered by seq.
     */
    public static Dataset<Row> read(SparkSession spark, String folder) {
        return readRungs(spark, folder)
                .withColumn("_last", functions.row_number().over(
                        Window.partitionBy("candidate_id").orderBy(functions.col("rung").desc())))
                .where(functions.col("_last").equalTo(1))
                .drop("_last")
                .orderBy("seq");
    }

    /** Every (candidate, rung) row of the table at {@code folder}, in seq then rung order. */
    public static List<CandidateRow> rows(SparkSession spark, String folder) {
        List<CandidateRow> out = new ArrayList<>();
        for (Row r : withOrderedMaps(readRungs(spark, folder)).collectAsList()) {
            out.add(CandidatesSchema.row(values(r)));
        }
        return out;
    }

    /** The map columns as arrays of entries, so their order survives the trip to the driver. */
    public static Dataset<Row> withOrderedMaps(Dataset<Row> table) {
        Dataset<Row> t = table;
        for (String c : List.of("arch", "metrics")) {
            if (List.of(t.columns()).contains(c)) {
                t = t.withColumn(c, functions.map_entries(functions.col(c)));
            }
        }
        return t;
    }

    /**
     * A row of {@link #withOrderedMaps} as column → value, in column order: nulls kept, maps as
     * ordered {@code Map}s, timestamps as {@link Instant}s, numbers and text as Spark gives them.
     */
    public static Map<String, Object> values(Row r) {
        Map<String, Object> out = new LinkedHashMap<>();
        String[] names = r.schema().fieldNames();
        for (int i = 0; i < names.length; i++) {
            Object v = r.isNullAt(i) ? null : r.get(i);
            if (v instanceof Timestamp t) {
                v = t.toInstant();
            } else if (v instanceof scala.collection.Seq<?>) {
                Map<String, Object> m = new LinkedHashMap<>();
                for (Row e : r.<Row>getList(i)) {
                    m.put(e.getString(0), e.isNullAt(1) ? null : e.get(1));
                }
                v = m;
            }
            out.put(names[i], v);
        }
        return out;
    }

    /** The column names, in order. */
    public static List<String> columns() {
        return CandidatesSchema.names();
    }
}
