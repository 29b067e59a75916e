package org.modnas.spark.replay;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.modnas.core.arch.ArchDesc;
import org.modnas.core.arch.ArchSpace;
import org.modnas.core.arch.Categorical;
import org.modnas.core.estim.CandidateStatus;
import org.modnas.spark.table.CandidateRow;
import org.modnas.spark.table.CandidatesTable;
import org.modnas.spark.table.TableFiles;

/**
 * A candidates table read as a benchmark: for each architecture, what its evaluation gave at each
 * resource it was trained to (every rung of a run under {@code AllRungs}, or the one row of a run
 * without early stopping), and what that slice of training cost. Any run whose table holds every
 * architecture of its space becomes a benchmark that searches replay without training anything.
 */
public final class GroundTruth {
    /** What an architecture's evaluation gave at one resource, and the wall time of that slice. */
    public record Point(int rung, Double resource, Map<String, Double> metrics, double seconds) {
        /** A metric, or NaN when it was not recorded. */
        public double metric(String name) {
            Double v = metrics.get(name);
            return v == null ? Double.NaN : v;
        }
    }

    /** One architecture: its desc and its points, lowest resource first. */
    public record Entry(String candidateId, ArchDesc desc, List<Point> points) {
        /** The point of the largest resource: the architecture's full training. */
        public Point last() {
            return points.get(points.size() - 1);
        }

        /** The cost of training it fully, slice after slice. */
        public double fullSeconds() {
            return points.stream().mapToDouble(Point::seconds).sum();
        }
    }

    private final String source;
    private final Map<String, Entry> byId;
    private final ArchSpace space;

    private GroundTruth(String source, Map<String, Entry> byId) {
        this.source = source;
        this.byId = byId;
        this.space = spaceOf(byId.values());
    }

    /**
     * Reads the OK rows of a run's table ({@code <run>/candidates}, or the table folder itself); a
     * (candidate, rung) written twice counts once.
     *
     * @throws IllegalArgumentException when the folder holds no table or no OK row
     */
    public static GroundTruth load(String runOrTable) {
        Path folder = new Path(runOrTable);
        Configuration hadoop = new Configuration();
        List<CandidateRow> rows;
        try {
            if (TableFiles.files(folder, hadoop).isEmpty()) {
                folder = new Path(folder, CandidatesTable.FOLDER);
            }
            rows = TableFiles.readAll(folder, hadoop);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the table " + folder + ": " + e.getMessage(), e);
        }
        Map<String, Map<Integer, CandidateRow>> byCandidate = new LinkedHashMap<>();
        for (CandidateRow r : rows) {
            if (r.status() == CandidateStatus.OK || r.status() == CandidateStatus.PRUNED) {
                byCandidate.computeIfAbsent(r.candidateId(), k -> new TreeMap<>()).putIfAbsent(r.rung(), r);
            }
        }
        if (byCandidate.isEmpty()) {
            throw new IllegalArgumentException(runOrTable + ": no evaluated candidate (no OK row) in " + folder);
        }
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (Map.Entry<String, Map<Integer, CandidateRow>> e : byCandidate.entrySet()) {
            List<Point> points = new ArrayList<>();
            CandidateRow first = null;
            for (CandidateRow r : e.getValue().values()) {
                first = first == null ? r : first;
                Map<String, Double> m = new LinkedHashMap<>(r.metrics() == null ? Map.of() : r.metrics());
                put(m, "accuracy", r.accuracy());
                put(m, "loss", r.loss());
                put(m, "params", r.params() == null ? null : r.params().doubleValue());
                put(m, "macs", r.macs() == null ? null : r.macs().doubleValue());
                put(m, "latency_ms", r.latencyMs());
                put(m, "train_seconds", r.trainSeconds());
                double seconds = r.startedAtMs() == null || r.finishedAtMs() == null ? 0
                        : (r.finishedAtMs() - r.startedAtMs()) / 1000.0;
                points.add(new Point(r.rung(), r.resource(), Map.copyOf(m), seconds));
            }
            points.sort(Comparator.comparingInt(Point::rung));
            entries.put(e.getKey(), new Entry(e.getKey(), ArchDesc.parseCanonical(first.archDesc()), List.copyOf(points)));
        }
        return new GroundTruth(runOrTable, entries);
    }

    private static void put(Map<String, Double> m, String k, Double v) {
        if (v != null) {
            m.put(k, v);
        }
    }

    /**
     * The space of the table's architectures: the params in the order its descs name them, each with
     * the choices its rows show, in text order.
     */
    private static ArchSpace spaceOf(Collection<Entry> entries) {
        Map<String, TreeSet<String>> choices = new LinkedHashMap<>();
        for (Entry e : entries) {
            for (String name : e.desc().names()) {
                choices.computeIfAbsent(name, k -> new TreeSet<>()).add(String.valueOf(e.desc().value(name)));
            }
        }
        List<Categorical> params = new ArrayList<>();
        choices.forEach((name, values) -> params.add(new Categorical(name, new ArrayList<>(values))));
        return ArchSpace.of(params);
    }

    /** The architectures, in the order the table first names them. */
    public Collection<Entry> entries() {
        return byId.values();
    }

    /** The space its architectures span (each param with the choices the table shows). */
    public ArchSpace space() {
        return space;
    }

    /** Whether the table holds every architecture of its space. */
    public boolean exhaustive() {
        return space.size().longValue() == byId.size();
    }

    /**
     * The entry of an architecture.
     *
     * @throws IllegalArgumentException naming the desc and the table when it holds no such architecture
     */
    public Entry get(ArchDesc desc) {
        Entry e = byId.get(desc.hash());
        if (e == null) {
            throw new IllegalArgumentException("the table " + source + " has no row for the architecture " + desc.toJson()
                    + " (it holds " + byId.size() + " architectures of a space of " + space.size() + ")");
        }
        return e;
    }

    /**
     * The point of an architecture at {@code resource}; null: its last.
     *
     * @throws IllegalArgumentException when the table has no row of that architecture at that resource
     */
    public Point at(ArchDesc desc, Double resource) {
        Entry e = get(desc);
        if (resource == null) {
            return e.last();
        }
        for (Point p : e.points()) {
            if (p.resource() != null && Math.abs(p.resource() - resource) <= 1e-9 * Math.max(1, resource)) {
                return p;
            }
        }
        throw new IllegalArgumentException("the table " + source + " has no row of " + desc.toJson() + " at resource "
                + resource + "; its rows are at " + e.points().stream().map(Point::resource).toList());
    }

    /** The best value of {@code metric} at the last point of any architecture. */
    public double bestFinal(String metric) {
        return byId.values().stream().mapToDouble(e -> e.last().metric(metric)).filter(Double::isFinite).max().orElse(Double.NaN);
    }
}
