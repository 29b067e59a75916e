package org.modnas.models.bench;

import ai.djl.pytorch.jni.JniUtils;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The engine's operator profiler around a few training steps, and what its trace says: the time
 * of each top-level operator (autograd's backward functions included) per step, and the time of
 * the step no operator ran in, which is spent in Java (block plumbing, the update loop, data).
 */
final class OperatorProfile {
    static final String BETWEEN = "(between operators)";

    /** One operator's share of a step. */
    record Line(String op, double callsPerStep, double msPerStep) {
    }

    private OperatorProfile() {
    }

    static void start() {
        JniUtils.startProfile(false, false, false);
    }

    static void stop(Path trace) {
        JniUtils.stopProfile(trace.toString());
    }

    /** The {@code top} most expensive operators of a Chrome trace of {@code steps} steps, then the time between operators. */
    static List<Line> read(Path trace, int steps, int top) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(trace.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the operator trace " + trace, e);
        }
        JsonNode events = root.isArray() ? root : root.path("traceEvents");
        record Event(String name, long tid, double start, double end) {
        }
        List<Event> all = new ArrayList<>();
        for (JsonNode e : events) {
            if ("X".equals(e.path("ph").asText()) && e.has("dur")) {
                double ts = e.path("ts").asDouble();
                all.add(new Event(e.path("name").asText(), e.path("tid").asLong(), ts, ts + e.path("dur").asDouble()));
            }
        }
        all.sort(Comparator.comparingDouble(Event::start).thenComparing(Comparator.comparingDouble(Event::end).reversed()));
        Map<String, double[]> byOp = new LinkedHashMap<>();
        double busy = 0;
        double coveredTo = Double.NEGATIVE_INFINITY;
        double first = all.isEmpty() ? 0 : all.get(0).start();
        double last = first;
        for (Event e : all) {
            last = Math.max(last, e.end());
            if (e.start() >= coveredTo) { // not inside an operator already counted: a top-level one
                double[] a = byOp.computeIfAbsent(e.name(), k -> new double[2]);
                a[0]++;
                a[1] += e.end() - e.start();
                busy += e.end() - e.start();
                coveredTo = e.end();
            } else if (e.end() > coveredTo) {
                busy += e.end() - coveredTo;
                coveredTo = e.end();
            }
        }
        List<Line> lines = new ArrayList<>();
        byOp.forEach((op, a) -> lines.add(new Line(op, a[0] / steps, a[1] / 1000 / steps)));
        lines.sort(Comparator.comparingDouble(Line::msPerStep).reversed());
        List<Line> out = new ArrayList<>(lines.subList(0, Math.min(top, lines.size())));
        out.add(new Line(BETWEEN, 0, Math.max(0, (last - first) - busy) / 1000 / steps));
        return out;
    }
}
