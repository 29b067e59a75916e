package org.modnas.spark.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.modnas.spark.table.CandidateRow;
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
     * The table of the run at {@code runDir}, one row per candidate (a retried duplicate is dropped
     * the way {@link CandidatesTable#read} does), ordered by {@code seq}.
     *
     * @throws IllegalArgumentException naming the path when the folder or its table is missing or empty
     */
    public static Dataset<Row> read(SparkSession spark, Path runDir) {
        Path table = requireTable(runDir);
        return CandidatesTable.read(spark, table.toUri().toString());
    }

    /** The table folder of the run at {@code runDir}; fails with a message a user can act on when absent. */
    public static Path requireTable(Path runDir) {
        if (!Files.exists(runDir)) {
            throw new IllegalArgumentException("no run folder at " + runDir);
        }
        if (!Files.isDirectory(runDir)) {
            throw new IllegalArgumentException(runDir + " is not a run folder (it is a file)");
        }
        Path table = runDir.resolve(CandidatesTable.FOLDER);
        if (!Files.isDirectory(table)) {
            throw new IllegalArgumentException("no candidates table in " + runDir + ": " + table
                    + " does not exist (is this the folder of a search run, <output.dir>/<run.id>?)");
        }
        if (!holdsParquet(table)) {
            throw new IllegalArgumentException("the candidates table " + table + " holds no Parquet files yet"
                    + " (no candidate of this run has finished)");
        }
        return table;
    }

    static boolean holdsParquet(Path table) {
        try (Stream<Path> files = Files.list(table)) {
            return files.map(p -> p.getFileName().toString())
                    .anyMatch(n -> n.endsWith(".parquet") && !n.startsWith(".") && !n.startsWith("_"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + table + ": " + e.getMessage(), e);
        }
    }

    /** The rows as Java values: see {@link #values(Row)}. */
    public static Iterator<Map<String, Object>> values(Dataset<Row> table) {
        // collected in one job rather than streamed partition by partition: one run's table fits in driver memory
        Iterator<Row> rows = withOrderedMaps(table).collectAsList().iterator();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return rows.hasNext();
            }

            @Override
            public Map<String, Object> next() {
                return values(rows.next());
            }
        };
    }

    /** Every row as a {@link CandidateRow}, in {@code seq} order. */
    public static List<CandidateRow> collect(Dataset<Row> table) {
        List<CandidateRow> out = new ArrayList<>();
        for (Row r : withOrderedMaps(table).collectAsList()) {
            out.add(candidate(values(r)));
        }
        return out;
    }

    /** The map columns as arrays of entries, so their order survives the trip to the driver. */
    static Dataset<Row> withOrderedMaps(Dataset<Row> table) {
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
    static Map<String, Object> values(Row r) {
        Map<String, Object> out = new LinkedHashMap<>();
        String[] names = r.schema().fieldNames();
        for (int i = 0; i < names.length; i++) {
            Object v = r.isNullAt(i) ? null : r.get(i);
            if (v instanceof Timestamp t) {
                v = t.toInstant();
            } else if (v instanceof scala.collection.Seq<?> entries) {
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

    @SuppressWarnings("unchecked")
    static CandidateRow candidate(Map<String, Object> v) {
        Map<String, String> arch = null;
        if (v.get("arch") instanceof Map<?, ?> m) {
            arch = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                arch.put(String.valueOf(e.getKey()), e.getValue() == null ? null : String.valueOf(e.getValue()));
            }
        }
        Map<String, Double> metrics = null;
        if (v.get("metrics") instanceof Map<?, ?> m) {
            metrics = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                metrics.put(String.valueOf(e.getKey()), e.getValue() == null ? null : ((Number) e.getValue()).doubleValue());
            }
        }
        return new CandidateRow(str(v, "run_id"), str(v, "candidate_id"), lng(v, "seq", 0L), (int) lng(v, "generation", 0L),
                str(v, "optimizer"), str(v, "arch_desc"), arch, str(v, "status"), dbl(v, "score"), dbl(v, "accuracy"),
                dbl(v, "loss"), lngOrNull(v, "params"), lngOrNull(v, "macs"), dbl(v, "latency_ms"),
                dbl(v, "train_seconds"), intOrNull(v, "epochs"), metrics, str(v, "executor_id"), str(v, "host"),
                str(v, "gpu"), str(v, "device"), intOrNull(v, "attempt"), str(v, "error"), millis(v, "started_at"),
                millis(v, "finished_at"), lng(v, "seed", 0L), str(v, "config_hash"), str(v, "version"));
    }

    private static String str(Map<String, Object> v, String k) {
        Object o = v.get(k);
        return o == null ? null : o.toString();
    }

    private static Double dbl(Map<String, Object> v, String k) {
        return v.get(k) instanceof Number n ? n.doubleValue() : null;
    }

    private static Long lngOrNull(Map<String, Object> v, String k) {
        return v.get(k) instanceof Number n ? n.longValue() : null;
    }

    private static long lng(Map<String, Object> v, String k, long dflt) {
        return v.get(k) instanceof Number n ? n.longValue() : dflt;
    }

    private static Integer intOrNull(Map<String, Object> v, String k) {
        return v.get(k) instanceof Number n ? n.intValue() : null;
    }

    private static Long millis(Map<String, Object> v, String k) {
        Object o = v.get(k);
        if (o instanceof Instant i) {
            return i.toEpochMilli();
        }
        return null;
    }
}
