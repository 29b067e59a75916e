package org.modnas.spark.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.modnas.core.estim.CandidateStatus;
import org.modnas.core.search.BestCandidate;
import org.modnas.spark.table.CandidateRow;

/**
 * What {@code modnas show} prints and the report page opens with: the run's identity,
 * counts by status, the best candidates by score, time per candidate, the executors used and the
 * first errors. Computed from the rows of the candidates table (one per candidate).
 *
 * @param runId       the run id (several, comma-separated, should the table mix runs)
 * @param optimizer   the optimizer type(s)
 * @param configHash  the config hash(es); more than one means the run was resumed with a changed config
 * @param total       candidates in the table
 * @param byStatus    status → count: every status of {@link CandidateStatus} (zero when absent), then any other present
 * @param best        the best candidates by score, best first
 * @param trainSeconds the {@code train_seconds} column
 * @param wallSeconds  finished_at − started_at of each candidate
 * @param executors   each executor's share of the work, in order of first use
 * @param errors      the first FAILED/TIMEOUT rows, in seq order
 * @param firstStart  earliest started_at, or null
 * @param lastFinish  latest finished_at, or null
 */
public record RunSummary(String runId, String optimizer, String configHash, int total, Map<String, Integer> byStatus,
                         List<CandidateRow> best, Stats trainSeconds, Stats wallSeconds, List<ExecutorUse> executors,
                         List<CandidateRow> errors, Instant firstStart, Instant lastFinish) {
    /** Best candidates shown by {@code show}. */
    public static final int TOP = 5;
    /** Error lines shown at most. */
    public static final int ERRORS = 5;

    /**
     * Count, median, mean and max of a column over the rows that have it (all NaN when none do).
     */
    public record Stats(int count, double median, double mean, double max) {
        static Stats of(List<Double> xs) {
            List<Double> v = xs.stream().filter(Objects::nonNull).filter(Double::isFinite).sorted().toList();
            if (v.isEmpty()) {
                return new Stats(0, Double.NaN, Double.NaN, Double.NaN);
            }
            int n = v.size();
            double median = n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2;
            double mean = v.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
            return new Stats(n, median, mean, v.get(n - 1));
        }
    }

    /**
     * One executor's share.
     *
     * @param gpus    the GPU addresses its tasks ran on, comma-separated, or empty
     * @param seconds total wall seconds of its candidates
     */
    public record ExecutorUse(String executorId, String host, String gpus, int candidates, double seconds) {
    }

    /** The summary of {@code rows}, the best {@value #TOP} of them listed. */
    public static RunSummary of(List<CandidateRow> rows) {
        return of(rows, TOP);
    }

    /** The summary of {@code rows} with the best {@code top} listed. */
    public static RunSummary of(List<CandidateRow> rows, int top) {
        Map<String, Integer> byStatus = new LinkedHashMap<>();
        for (CandidateStatus s : CandidateStatus.values()) {
            byStatus.put(s.name(), 0);
        }
        Map<String, Integer> others = new TreeMap<>();
        for (CandidateRow r : rows) {
            String s = r.status() == null ? "UNKNOWN" : r.status().name();
            (byStatus.containsKey(s) ? byStatus : others).merge(s, 1, Integer::sum);
        }
        byStatus.putAll(others);

        List<Double> train = new ArrayList<>();
        List<Double> wall = new ArrayList<>();
        Map<String, long[]> perExec = new LinkedHashMap<>();
        Map<String, double[]> perExecSeconds = new LinkedHashMap<>();
        Map<String, String> hosts = new LinkedHashMap<>();
        Map<String, Set<String>> gpus = new LinkedHashMap<>();
        Long first = null;
        Long last = null;
        List<CandidateRow> bySeq = rows.stream().sorted(Comparator.comparingLong(CandidateRow::seq)).toList();
        for (CandidateRow r : bySeq) {
            train.add(r.trainSeconds());
            Double w = wallSeconds(r);
            wall.add(w);
            String e = executorOf(r);
            perExec.computeIfAbsent(e, k -> new long[1])[0]++;
            perExecSeconds.computeIfAbsent(e, k -> new double[1])[0] += w == null ? 0 : w;
            hosts.putIfAbsent(e, r.host() == null ? "-" : r.host());
            Set<String> g = gpus.computeIfAbsent(e, k -> new LinkedHashSet<>());
            if (r.gpu() != null && !r.gpu().isEmpty()) {
                g.add(r.gpu());
            }
            if (r.startedAtMs() != null && (first == null || r.startedAtMs() < first)) {
                first = r.startedAtMs();
            }
            if (r.finishedAtMs() != null && (last == null || r.finishedAtMs() > last)) {
                last = r.finishedAtMs();
            }
        }
        List<ExecutorUse> executors = new ArrayList<>();
        for (String e : perExec.keySet()) {
            executors.add(new ExecutorUse(e, hosts.get(e), String.join(",", gpus.get(e)), (int) perExec.get(e)[0],
                    perExecSeconds.get(e)[0]));
        }
        List<CandidateRow> errors = bySeq.stream()
                .filter(r -> r.status() == CandidateStatus.FAILED || r.status() == CandidateStatus.TIMEOUT)
                .limit(ERRORS).toList();
        return new RunSummary(distinct(rows, CandidateRow::runId), distinct(rows, CandidateRow::optimizer),
                distinct(rows, CandidateRow::configHash), rows.size(), byStatus, best(rows, top),
                Stats.of(train), Stats.of(wall), executors, errors,
                first == null ? null : Instant.ofEpochMilli(first), last == null ? null : Instant.ofEpochMilli(last));
    }

    /** The {@code n} best rows, best first, by {@link BestCandidate}'s rule. */
    public static List<CandidateRow> best(List<CandidateRow> rows, int n) {
        return rows.stream()
                .filter(r -> BestCandidate.eligible(r.ok(), r.score()))
                .sorted(BestCandidate.bestFirst(CandidateRow::score, CandidateRow::seq))
                .limit(n).toList();
    }

    /** finished_at − started_at in seconds, or null when either is missing. */
    public static Double wallSeconds(CandidateRow r) {
        if (r.startedAtMs() == null || r.finishedAtMs() == null) {
            return null;
        }
        return (r.finishedAtMs() - r.startedAtMs()) / 1000.0;
    }

    /** The lane a row belongs to: its executor id, or "-" when unknown. */
    public static String executorOf(CandidateRow r) {
        return r.executorId() == null || r.executorId().isEmpty() ? "-" : r.executorId();
    }

    /** The arch as compact text, {@code slot=choice} pairs in param order. */
    public static String archText(CandidateRow r) {
        if (r.arch() == null || r.arch().isEmpty()) {
            return r.archDesc() == null ? "" : r.archDesc();
        }
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, String> e : r.arch().entrySet()) {
            if (b.length() > 0) {
                b.append(' ');
            }
            b.append(e.getKey()).append('=').append(e.getValue());
        }
        return b.toString();
    }

    /** The first line of an error, at most {@code max} characters. */
    public static String firstLine(String error, int max) {
        if (error == null || error.isBlank()) {
            return "(no error text)";
        }
        String line = error.strip().lines().findFirst().orElse("").strip();
        return line.length() <= max ? line : line.substring(0, max - 3) + "...";
    }

    /** "OK 9, FAILED 2, TIMEOUT 1" (statuses with no rows left out, unless there are no rows at all). */
    public String statusText() {
        StringBuilder b = new StringBuilder();
        byStatus.forEach((s, n) -> {
            if (n > 0) {
                b.append(b.length() == 0 ? "" : ", ").append(s).append(' ').append(n);
            }
        });
        return b.length() == 0 ? "none" : b.toString();
    }

    /** Seconds from the first start to the last finish, or NaN. */
    public double spanSeconds() {
        return firstStart == null || lastFinish == null ? Double.NaN
                : (lastFinish.toEpochMilli() - firstStart.toEpochMilli()) / 1000.0;
    }

    /**
     * Under a multi-fidelity scheduler, one line per rung: the resource it trains to, how many
     * candidates reached it and how many stopped there; empty for a search without one.
     */
    public static String rungsText(List<CandidateRow> rungs) {
        if (rungs.stream().noneMatch(r -> r.resource() != null)) {
            return "";
        }
        Map<Integer, int[]> counts = new TreeMap<>();
        Map<Integer, Double> resource = new TreeMap<>();
        for (CandidateRow r : rungs) {
            int[] c = counts.computeIfAbsent(r.rung(), k -> new int[2]);
            c[0]++;
            if (r.status() == CandidateStatus.PRUNED) {
                c[1]++;
            }
            if (r.resource() != null) {
                resource.merge(r.rung(), r.resource(), Math::min);
            }
        }
        StringBuilder b = new StringBuilder();
        counts.forEach((rung, c) -> b.append(String.format(Locale.ROOT, "%-12s rung %d at resource %s: %d candidates, %d stopped there%n",
                rung == 0 ? "rungs" : "", rung, resource.containsKey(rung) ? fmt(resource.get(rung)) : "-", c[0], c[1])));
        return b.toString();
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.3g", v);
    }

    /** The plain-text summary {@code modnas show} prints. */
    public String toText() {
        StringBuilder b = new StringBuilder();
        line(b, "run", runId);
        line(b, "optimizer", optimizer);
        line(b, "config hash", configHash);
        line(b, "candidates", total + " (" + statusText() + ")");
        if (firstStart != null && lastFinish != null) {
            line(b, "time span", firstStart + " .. " + lastFinish + " (" + num(spanSeconds()) + " s)");
        }

        b.append("\nbest candidates by score\n");
        if (best.isEmpty()) {
            b.append("  none: no candidate has a score\n");
        } else {
            b.append(String.format(Locale.ROOT, "  %-3s %-16s %10s %10s %12s %14s %11s  %s%n",
                    "#", "candidate_id", "score", "accuracy", "params", "macs", "latency_ms", "arch"));
            int i = 1;
            for (CandidateRow r : best) {
                b.append(String.format(Locale.ROOT, "  %-3d %-16s %10s %10s %12s %14s %11s  %s%n", i++,
                        shortId(r.candidateId()), num(r.score()), num(r.accuracy()), num(r.params()), num(r.macs()),
                        num(r.latencyMs()), archText(r)));
            }
        }

        b.append("\ntime per candidate (seconds)\n");
        b.append(String.format(Locale.ROOT, "  %-14s %6s %10s %10s %10s%n", "", "count", "median", "mean", "max"));
        stats(b, "train_seconds", trainSeconds);
        stats(b, "wall", wallSeconds);

        b.append("\nexecutors\n");
        b.append(String.format(Locale.ROOT, "  %-12s %-24s %-8s %10s %10s%n", "executor_id", "host", "gpu", "candidates", "seconds"));
        for (ExecutorUse e : executors) {
            b.append(String.format(Locale.ROOT, "  %-12s %-24s %-8s %10d %10s%n", e.executorId(), e.host(),
                    e.gpus().isEmpty() ? "-" : e.gpus(), e.candidates(), num(e.seconds())));
        }

        int failures = byStatus.getOrDefault(CandidateStatus.FAILED.name(), 0) + byStatus.getOrDefault(CandidateStatus.TIMEOUT.name(), 0);
        if (failures > 0) {
            b.append("\nerrors").append(failures > errors.size() ? " (first " + errors.size() + " of " + failures + ")" : "")
                    .append('\n');
            for (CandidateRow r : errors) {
                b.append(String.format(Locale.ROOT, "  seq %-5d %-16s %-8s %s%n", r.seq(), shortId(r.candidateId()),
                        r.status().name(), firstLine(r.error(), 160)));
            }
        }
        return b.toString();
    }

    private static void line(StringBuilder b, String key, String value) {
        b.append(String.format(Locale.ROOT, "%-12s %s%n", key, value == null || value.isEmpty() ? "-" : value));
    }

    private static void stats(StringBuilder b, String name, Stats s) {
        b.append(String.format(Locale.ROOT, "  %-14s %6d %10s %10s %10s%n", name, s.count(), num(s.median()),
                num(s.mean()), num(s.max())));
    }

    /** Candidate ids are content hashes; their first 16 characters identify them in a table. */
    static String shortId(String id) {
        return id == null ? "-" : id.length() <= 16 ? id : id.substring(0, 16);
    }

    /** A number for people: "-" for missing, 4 significant digits for doubles. */
    static String num(Number n) {
        if (n == null) {
            return "-";
        }
        if (n instanceof Double d) {
            if (d.isNaN()) {
                return "-";
            }
            return String.format(Locale.ROOT, Math.abs(d) >= 1e5 ? "%.4g" : "%.4f", d)
                    .replaceAll("(\\.\\d*?)0+$", "$1").replaceAll("\\.$", "");
        }
        return String.format(Locale.ROOT, "%d", n.longValue());
    }

    private static String distinct(List<CandidateRow> rows, java.util.function.Function<CandidateRow, String> f) {
        Set<String> v = new LinkedHashSet<>();
        for (CandidateRow r : rows) {
            if (f.apply(r) != null) {
                v.add(f.apply(r));
            }
        }
        return String.join(", ", v);
    }
}
