package org.modnas.spark.report;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The candidates table as a file for people without Spark: every column, in table
 * order, one record per candidate in {@code seq} order. Timestamps are ISO-8601 UTC text; the map
 * columns ({@code arch}, {@code metrics}) are JSON objects (in CSV: their JSON text). Non-finite
 * numbers are written as the text {@code NaN}, {@code Infinity}, {@code -Infinity}.
 */
public final class TableExport {
    /** The formats {@code modnas export} writes. */
    public enum Format {
        /** RFC 4180: a header line, CRLF line ends, fields quoted when they hold a comma, quote or line break; null is empty. */
        CSV,
        /** One JSON array of objects, one per candidate, nulls kept. */
        JSON;

        /** The format named {@code name} (any case), or null. */
        public static Format parse(String name) {
            for (Format f : values()) {
                if (f.name().equalsIgnoreCase(name)) {
                    return f;
                }
            }
            return null;
        }

        /** "csv, json". */
        public static String allowed() {
            return String.join(", ", java.util.Arrays.stream(values()).map(f -> f.name().toLowerCase(Locale.ROOT)).toList());
        }
    }

    private static final JsonFactory JSON = new JsonFactory();

    private TableExport() {
    }

    /**
     * Writes {@code table} to {@code out} (left open) in {@code format}.
     *
     * @return the number of rows written
     */
    public static long write(Dataset<Row> table, Format format, OutputStream out) throws IOException {
        List<String> columns = List.of(table.columns());
        Iterator<Map<String, Object>> rows = RunTable.values(table);
        return format == Format.CSV ? csv(columns, rows, out) : json(rows, out);
    }

    private static long csv(List<String> columns, Iterator<Map<String, Object>> rows, OutputStream out) throws IOException {
        Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
        w.write(String.join(",", columns.stream().map(TableExport::csvField).toList()));
        w.write("\r\n");
        long n = 0;
        while (rows.hasNext()) {
            Map<String, Object> r = rows.next();
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < columns.size(); i++) {
                if (i > 0) {
                    line.append(',');
                }
                line.append(csvField(csvText(r.get(columns.get(i)))));
            }
            w.write(line.append("\r\n").toString());
            n++;
        }
        w.flush();
        return n;
    }

    /** A value as CSV text: null empty, maps as JSON, timestamps ISO-8601. */
    private static String csvText(Object v) throws IOException {
        if (v == null) {
            return "";
        }
        if (v instanceof Map<?, ?>) {
            StringWriter s = new StringWriter();
            try (JsonGenerator g = JSON.createGenerator(s)) {
                value(g, v);
            }
            return s.toString();
        }
        return v.toString();
    }

    /** RFC 4180: quoted (quotes doubled) when it holds a comma, a quote or a line break. */
    static String csvField(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    private static long json(Iterator<Map<String, Object>> rows, OutputStream out) throws IOException {
        long n = 0;
        try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            g.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
            g.setPrettyPrinter(new DefaultPrettyPrinter());
            g.writeStartArray();
            while (rows.hasNext()) {
                value(g, rows.next());
                n++;
            }
            g.writeEndArray();
            g.writeRaw('\n');
        }
        return n;
    }

    private static void value(JsonGenerator g, Object v) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof Map<?, ?> m) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                g.writeFieldName(String.valueOf(e.getKey()));
                value(g, e.getValue());
            }
            g.writeEndObject();
        } else if (v instanceof Double d) {
            g.writeNumber(d); // non-finite values become quoted text (Jackson's default)
        } else if (v instanceof Float f) {
            g.writeNumber(f);
        } else if (v instanceof Long l) {
            g.writeNumber(l);
        } else if (v instanceof Integer i) {
            g.writeNumber(i);
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v instanceof Instant t) {
            g.writeString(t.toString());
        } else {
            g.writeString(v.toString());
        }
    }
}
