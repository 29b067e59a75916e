package org.modnas.spark.table;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.modnas.core.estim.CandidateStatus;

/**
 * The one definition of the candidates table's columns: name, type, whether every row has a value,
 * and how a {@link CandidateRow} gives it. The Parquet schema the driver writes, the Spark schema
 * readers use, the writing of a row and the reading of one back are all derived from this list; a
 * test holds the README's table of columns to it.
 */
public final class CandidatesSchema {
    /** A column's type, as Parquet, Spark and the README name it. */
    public enum Type {
        STRING("binary %s (STRING)", DataTypes.StringType, "string"),
        LONG("int64 %s", DataTypes.LongType, "long"),
        INT("int32 %s", DataTypes.IntegerType, "int"),
        DOUBLE("double %s", DataTypes.DoubleType, "double"),
        TIMESTAMP("int64 %s (TIMESTAMP(MICROS,true))", DataTypes.TimestampType, "timestamp"),
        STRING_MAP(null, DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType, true), "map<string,string>"),
        DOUBLE_MAP(null, DataTypes.createMapType(DataTypes.StringType, DataTypes.DoubleType, true), "map<string,double>");

        private final String parquet;
        private final DataType spark;
        private final String label;

        Type(String parquet, DataType spark, String label) {
            this.parquet = parquet;
            this.spark = spark;
            this.label = label;
        }

        /** The type as the README's table of columns writes it. */
        public String label() {
            return label;
        }
    }

    /** One column: {@code required} columns have a value in every row. */
    public record Column(String name, Type type, boolean required, Function<CandidateRow, Object> value) {
        String parquet() {
            String repetition = required ? "required " : "optional ";
            if (type == Type.STRING_MAP || type == Type.DOUBLE_MAP) {
                String valueType = type == Type.STRING_MAP ? "binary value (STRING)" : "double value";
                return repetition + "group " + name + " (MAP) {\n    repeated group key_value {\n"
                        + "      required binary key (STRING);\n      optional " + valueType + ";\n    }\n  }\n";
            }
            return repetition + String.format(type.parquet, name) + ";\n";
        }
    }

    /** The columns, in table order. */
    public static final List<Column> COLUMNS = List.of(
            new Column("run_id", Type.STRING, true, CandidateRow::runId),
            new Column("candidate_id", Type.STRING, true, CandidateRow::candidateId),
            new Column("seq", Type.LONG, true, CandidateRow::seq),
            new Column("generation", Type.INT, true, CandidateRow::generation),
            // optional in the file, so tables written before rungs existed read as rung 0
            new Column("rung", Type.INT, false, CandidateRow::rung),
            new Column("resource", Type.DOUBLE, false, CandidateRow::resource),
            new Column("bracket", Type.INT, false, CandidateRow::bracket),
            new Column("optimizer", Type.STRING, false, CandidateRow::optimizer),
            new Column("arch_desc", Type.STRING, true, CandidateRow::archDesc),
            new Column("arch", Type.STRING_MAP, false, CandidateRow::arch),
            new Column("status", Type.STRING, true, r -> r.status().name()),
            new Column("score", Type.DOUBLE, false, CandidateRow::score),
            new Column("accuracy", Type.DOUBLE, false, CandidateRow::accuracy),
            new Column("loss", Type.DOUBLE, false, CandidateRow::loss),
            new Column("params", Type.LONG, false, CandidateRow::params),
            new Column("macs", Type.LONG, false, CandidateRow::macs),
            new Column("latency_ms", Type.DOUBLE, false, CandidateRow::latencyMs),
            new Column("train_seconds", Type.DOUBLE, false, CandidateRow::trainSeconds),
            new Column("epochs", Type.INT, false, CandidateRow::epochs),
            new Column("metrics", Type.DOUBLE_MAP, false, CandidateRow::metrics),
            new Column("executor_id", Type.STRING, false, CandidateRow::executorId),
            new Column("host", Type.STRING, false, CandidateRow::host),
            new Column("gpu", Type.STRING, false, CandidateRow::gpu),
            new Column("device", Type.STRING, false, CandidateRow::device),
            new Column("attempt", Type.INT, false, CandidateRow::attempt),
            new Column("error", Type.STRING, false, CandidateRow::error),
            new Column("started_at", Type.TIMESTAMP, false, CandidateRow::startedAtMs),
            new Column("finished_at", Type.TIMESTAMP, false, CandidateRow::finishedAtMs),
            new Column("seed", Type.LONG, true, CandidateRow::seed),
            new Column("config_hash", Type.STRING, true, CandidateRow::configHash),
            new Column("version", Type.STRING, true, CandidateRow::version));

    /** The Parquet schema the driver writes. */
    public static final MessageType PARQUET;
    /** The same schema as Spark reads it (every column nullable). */
    public static final StructType SPARK;

    static {
        StringBuilder text = new StringBuilder("message candidate {\n");
        List<StructField> fields = new ArrayList<>();
        for (Column c : COLUMNS) {
            text.append("  ").append(c.parquet());
            fields.add(DataTypes.createStructField(c.name(), c.type().spark, true));
        }
        PARQUET = MessageTypeParser.parseMessageType(text.append("}\n").toString());
        SPARK = new StructType(fields.toArray(StructField[]::new));
    }

    private CandidatesSchema() {
    }

    /** The column names, in order. */
    public static List<String> names() {
        return COLUMNS.stream().map(Column::name).toList();
    }

    /** A row as a Parquet record of {@link #PARQUET}. */
    static Group toGroup(SimpleGroupFactory groups, CandidateRow r) {
        Group g = groups.newGroup();
        for (Column c : COLUMNS) {
            Object v = c.value().apply(r);
            if (v == null) {
                if (c.required()) {
                    throw new IllegalArgumentException("column " + c.name() + " needs a value: " + r);
                }
                continue;
            }
            switch (c.type()) {
                case STRING -> g.append(c.name(), (String) v);
                case LONG -> g.append(c.name(), ((Number) v).longValue());
                case INT -> g.append(c.name(), ((Number) v).intValue());
                case DOUBLE -> g.append(c.name(), ((Number) v).doubleValue());
                case TIMESTAMP -> g.append(c.name(), ((Number) v).longValue() * 1000);
                case STRING_MAP, DOUBLE_MAP -> {
                    Group m = g.addGroup(c.name());
                    for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                        Group kv = m.addGroup("key_value").append("key", (String) e.getKey());
                        if (e.getValue() instanceof String s) {
                            kv.append("value", s);
                        } else if (e.getValue() instanceof Number n) {
                            kv.append("value", n.doubleValue());
                        }
                    }
                }
            }
        }
        return g;
    }

    /** A row from a Parquet record of this schema (or of an older one, missing columns as null). */
    static CandidateRow fromGroup(Group g) {
        GroupType type = g.getType();
        Map<String, Object> v = new LinkedHashMap<>();
        for (Column c : COLUMNS) {
            if (!type.containsField(c.name()) || g.getFieldRepetitionCount(c.name()) == 0) {
                continue;
            }
            switch (c.type()) {
                case STRING -> v.put(c.name(), g.getString(c.name(), 0));
                case LONG -> v.put(c.name(), g.getLong(c.name(), 0));
                case INT -> v.put(c.name(), g.getInteger(c.name(), 0));
                case DOUBLE -> v.put(c.name(), g.getDouble(c.name(), 0));
                case TIMESTAMP -> v.put(c.name(), Instant.EPOCH.plus(g.getLong(c.name(), 0), java.time.temporal.ChronoUnit.MICROS));
                case STRING_MAP, DOUBLE_MAP -> {
                    Group m = g.getGroup(c.name(), 0);
                    Map<String, Object> map = new LinkedHashMap<>();
                    for (int i = 0; i < m.getFieldRepetitionCount("key_value"); i++) {
                        Group kv = m.getGroup("key_value", i);
                        Object value = kv.getFieldRepetitionCount("value") == 0 ? null
                                : c.type() == Type.STRING_MAP ? kv.getString("value", 0) : (Object) kv.getDouble("value", 0);
                        map.put(kv.getString("key", 0), value);
                    }
                    v.put(c.name(), map);
                }
            }
        }
        return row(v);
    }

    /**
     * A row from its column values as Spark gives them (maps as ordered maps, timestamps as
     * {@link Instant}s); missing columns of older tables read as null (rung as 0).
     */
    public static CandidateRow row(Map<String, Object> v) {
        return new CandidateRow(str(v, "run_id"), str(v, "candidate_id"), lng(v, "seq", 0L), (int) lng(v, "generation", 0L),
                (int) lng(v, "rung", 0L), dbl(v, "resource"), intOrNull(v, "bracket"), str(v, "optimizer"),
                str(v, "arch_desc"), map(v, "arch", String::valueOf), CandidateStatus.of(str(v, "status")), dbl(v, "score"),
                dbl(v, "accuracy"), dbl(v, "loss"), lngOrNull(v, "params"), lngOrNull(v, "macs"), dbl(v, "latency_ms"),
                dbl(v, "train_seconds"), intOrNull(v, "epochs"), map(v, "metrics", o -> ((Number) o).doubleValue()),
                str(v, "executor_id"), str(v, "host"), str(v, "gpu"), str(v, "device"), intOrNull(v, "attempt"),
                str(v, "error"), millis(v, "started_at"), millis(v, "finished_at"), lng(v, "seed", 0L),
                str(v, "config_hash"), str(v, "version"));
    }

    private static <T> Map<String, T> map(Map<String, Object> v, String k, Function<Object, T> value) {
        if (!(v.get(k) instanceof Map<?, ?> m)) {
            return null;
        }
        Map<String, T> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : m.entrySet()) {
            out.put(String.valueOf(e.getKey()), e.getValue() == null ? null : value.apply(e.getValue()));
        }
        return out;
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
        return v.get(k) instanceof Instant i ? i.toEpochMilli() : null;
    }
}
