package org.modnas.spark.ui;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.modnas.core.arch.ArchDesc;
import org.modnas.core.estim.CandidateStatus;
import org.modnas.core.export.DescFiles;
import org.modnas.core.objective.ParetoFront;
import org.modnas.core.util.Rng;
import org.modnas.spark.report.RunSummary;
import org.modnas.spark.table.CandidateRow;

/**
 * The dashboard's read-only JSON API, one method per view, each computed from a run's rows. Large
 * runs are served a page at a time (the candidates view) or a seeded sample that keeps what matters
 * (the Pareto front, the best), and say so. Endpoints (under the server's prefix):
 * {@code api/runs}, {@code api/runs/<id>/summary}, {@code .../candidates}, {@code .../candidates/<cid>},
 * {@code .../architectures}, {@code .../tradeoffs}, {@code .../rungs}, {@code .../executors}.
 */
final class DashboardApi {
    /** The most points a chart is sent; beyond it, a sample. */
    static final int MAX_POINTS = 5000;
    /** The most rows one page of the candidates view holds. */
    static final int MAX_PAGE = 500;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> AXES = List.of("accuracy", "score", "params", "macs", "latencyMs", "trainSeconds");
    private static final Map<String, Function<CandidateRow, Double>> VALUES = new LinkedHashMap<>();

    static {
        VALUES.put("seq", r -> (double) r.seq());
        VALUES.put("rung", r -> (double) r.rung());
        VALUES.put("score", CandidateRow::score);
        VALUES.put("accuracy", CandidateRow::accuracy);
        VALUES.put("params", r -> r.params() == null ? null : r.params().doubleValue());
        VALUES.put("macs", r -> r.macs() == null ? null : r.macs().doubleValue());
        VALUES.put("latencyMs", CandidateRow::latencyMs);
        VALUES.put("trainSeconds", CandidateRow::trainSeconds);
    }

    private final RunCatalog catalog;

    DashboardApi(RunCatalog catalog) {
        this.catalog = catalog;
    }

    /** {@code api/runs}: every run with its status and counts. */
    ObjectNode runs() throws IOException {
        ObjectNode out = JSON.createObjectNode();
        ArrayNode runs = out.putArray("runs");
        for (RunState r : catalog.runs()) {
            ObjectNode o = runs.addObject();
            header(o, r);
        }
        return out;
    }

    private static void header(ObjectNode o, RunState r) {
        List<CandidateRow> rows = r.finalRows();
        o.put("id", r.id());
        o.put("optimizer", r.config().hasPath("search.optim.type") ? r.config().getString("search.optim.type")
                : rows.isEmpty() ? null : rows.get(0).optimizer());
        o.put("scheduler", r.config().hasPath("search.scheduler.type") && !r.config().getIsNull("search.scheduler.type")
                ? r.config().getString("search.scheduler.type") : null);
        boolean running = r.running();
        o.put("status", running ? "running" : "finished");
        RunSummary summary = r.summary();
        o.put("candidates", summary.total());
        ObjectNode by = o.putObject("byStatus");
        new TreeMap<>(summary.byStatus()).forEach((status, n) -> {
            if (n > 0) {
                by.put(status, n);
            }
        });
        CandidateRow best = r.best();
        putNumber(o, "bestScore", best == null ? null : best.score());
        Long start = summary.firstStart() == null ? null : summary.firstStart().toEpochMilli();
        Long end = summary.lastFinish() == null ? null : summary.lastFinish().toEpochMilli();
        putNumber(o, "startedAt", start);
        putNumber(o, "lastFinishedAt", end);
        long until = running ? System.currentTimeMillis() : end == null ? 0 : end;
        putNumber(o, "elapsedSeconds", start == null ? null : (until - start) / 1000.0);
        putNumber(o, "budgetCandidates", r.config().hasPath("search.budget.candidates")
                ? r.config().getInt("search.budget.candidates") : null);
        putNumber(o, "budgetSeconds", r.config().hasPath("search.budget.seconds") ? r.config().getDouble("search.budget.seconds") : null);
        o.put("version", r.version());
    }

    /** {@code api/runs/<id>/summary}: progress, the best, and the score over time and over proposal order. */
    ObjectNode summary(RunState r) {
        ObjectNode o = JSON.createObjectNode();
        header(o, r);
        List<CandidateRow> rows = r.finalRows();
        CandidateRow best = r.best();
        if (best != null) {
            ObjectNode b = o.putObject("best");
            b.put("candidateId", best.candidateId());
            putNumber(b, "score", best.score());
            putNumber(b, "accuracy", best.accuracy());
            putArch(b, best);
        } else {
            o.putNull("best");
        }
        double elapsed = o.path("elapsedSeconds").asDouble(0);
        Integer budget = o.path("budgetCandidates").isNumber() ? o.path("budgetCandidates").asInt() : null;
        Double eta = null;
        if (r.running() && budget != null && !rows.isEmpty() && elapsed > 0) {
            eta = Math.max(0, budget - rows.size()) * elapsed / rows.size();
            double budgetSeconds = o.path("budgetSeconds").asDouble(0);
            if (budgetSeconds > 0) {
                eta = Math.min(eta, Math.max(0, budgetSeconds - elapsed));
            }
        }
        putNumber(o, "etaSeconds", eta);
        o.putNull("running");
        o.putNull("slots");
        List<CandidateRow> scored = new ArrayList<>(rows.stream().filter(x -> x.score() != null && x.finishedAtMs() != null).toList());
        scored.sort(Comparator.comparingLong(CandidateRow::finishedAtMs));
        long start = o.path("startedAt").asLong(0);
        List<CandidateRow> shown = sample(scored, best);
        o.put("sampled", shown.size() < scored.size());
        ArrayNode series = o.putArray("scoreOverTime");
        double bestSoFar = Double.NEGATIVE_INFINITY;
        Set<CandidateRow> keep = new HashSet<>(shown);
        for (CandidateRow x : scored) {
            bestSoFar = Math.max(bestSoFar, x.score());
            if (keep.contains(x)) {
                ObjectNode p = series.addObject();
                p.put("seconds", (x.finishedAtMs() - start) / 1000.0);
                p.put("seq", x.seq());
                p.put("score", x.score());
                p.put("best", bestSoFar);
                p.put("candidateId", x.candidateId());
            }
        }
        return o;
    }

    /** {@code api/runs/<id>/candidates}: a page of the final rows, filtered and sorted by the server. */
    ObjectNode candidates(RunState r, Map<String, String> q) {
        List<CandidateRow> rows = new ArrayList<>(r.finalRows());
        String status = q.getOrDefault("status", "");
        if (!status.isEmpty()) {
            rows.removeIf(x -> !x.status().name().equalsIgnoreCase(status));
        }
        if (!q.getOrDefault("rung", "").isEmpty()) {
            int rung = Integer.parseInt(q.get("rung"));
            rows.removeIf(x -> x.rung() != rung);
        }
        String text = q.getOrDefault("q", "").toLowerCase(java.util.Locale.ROOT);
        if (!text.isEmpty()) {
            rows.removeIf(x -> !String.valueOf(x.archDesc()).toLowerCase(java.util.Locale.ROOT).contains(text)
                    && !x.candidateId().startsWith(text));
        }
        if (!q.getOrDefault("ids", "").isEmpty()) {
            Set<String> ids = new HashSet<>(List.of(q.get("ids").split(",")));
            rows.removeIf(x -> !ids.contains(x.candidateId()));
        }
        range(rows, "score", q.get("minScore"), q.get("maxScore"));
        range(rows, "macs", q.get("minMacs"), q.get("maxMacs"));
        Function<CandidateRow, Double> key = VALUES.getOrDefault(q.getOrDefault("sort", "seq"), VALUES.get("seq"));
        boolean desc = "desc".equalsIgnoreCase(q.getOrDefault("order", "asc"));
        Comparator<CandidateRow> c = Comparator.comparing(x -> key.apply(x), Comparator.nullsLast(
                desc ? Comparator.<Double>reverseOrder() : Comparator.<Double>naturalOrder()));
        rows.sort(c.thenComparingLong(CandidateRow::seq));
        int offset = Math.max(0, parse(q.get("offset"), 0));
        int limit = Math.min(MAX_PAGE, Math.max(1, parse(q.get("limit"), 50)));
        ObjectNode o = JSON.createObjectNode();
        o.put("total", rows.size());
        o.put("offset", offset);
        o.put("limit", limit);
        o.put("version", r.version());
        ArrayNode page = o.putArray("rows");
        for (int i = offset; i < Math.min(rows.size(), offset + limit); i++) {
            row(page.addObject(), rows.get(i), false);
        }
        return o;
    }

    /** {@code api/runs/<id>/candidates/<cid>}: every row of one candidate, its desc, how to retrain it, the best's arch. */
    ObjectNode candidate(RunState r, String candidateId) {
        List<CandidateRow> rows = r.rungRows().stream().filter(x -> x.candidateId().equals(candidateId)).toList();
        if (rows.isEmpty()) {
            return null;
        }
        ObjectNode o = JSON.createObjectNode();
        o.put("candidateId", candidateId);
        ArrayNode all = o.putArray("rows");
        rows.forEach(x -> row(all.addObject(), x, true));
        CandidateRow last = rows.get(rows.size() - 1);
        ArchDesc desc = ArchDesc.parseCanonical(last.archDesc());
        ObjectNode d = o.putObject("desc");
        desc.asMap().forEach((k, v) -> d.put(k, String.valueOf(v)));
        o.put("descJson", desc.toJson());
        o.put("descYaml", DescFiles.yaml(desc.values()));
        o.put("retrain", "submit/modnas train " + r.folder().resolve("config.conf") + " --arch " + candidateId + ".yaml");
        CandidateRow best = r.best();
        if (best != null) {
            ObjectNode b = o.putObject("best");
            b.put("candidateId", best.candidateId());
            putArch(b, best);
        } else {
            o.putNull("best");
        }
        return o;
    }

    /** {@code api/runs/<id>/architectures}: the top candidates' choices and, per slot, each choice's share and mean score. */
    ObjectNode architectures(RunState r, Map<String, String> q) {
        List<CandidateRow> rows = r.finalRows();
        List<Map<String, Object>> archs = new ArrayList<>(rows.size());
        Map<String, Set<String>> choices = new LinkedHashMap<>();
        for (CandidateRow x : rows) {
            Map<String, Object> a = r.choices(x);
            archs.add(a);
            for (Map.Entry<String, Object> e : a.entrySet()) {
                choices.computeIfAbsent(e.getKey(), k -> new java.util.TreeSet<>()).add(String.valueOf(e.getValue()));
            }
        }
        ObjectNode o = JSON.createObjectNode();
        ArrayNode slots = o.putArray("slots");
        ObjectNode ch = o.putObject("choices");
        choices.forEach((slot, cs) -> {
            slots.add(slot);
            ArrayNode a = ch.putArray(slot);
            cs.forEach(a::add);
        });
        int top = Math.min(200, Math.max(1, parse(q.get("top"), 20)));
        ArrayNode tops = o.putArray("top");
        rows.stream().filter(x -> x.score() != null).sorted(Comparator.comparingDouble((CandidateRow x) -> -x.score()))
                .limit(top).forEach(x -> {
                    ObjectNode t = tops.addObject();
                    t.put("candidateId", x.candidateId());
                    t.put("score", x.score());
                    putArch(t, x);
                });
        int bins = Math.min(20, Math.max(1, rows.size()));
        int width = Math.max(1, (rows.size() + bins - 1) / bins);
        int used = (rows.size() + width - 1) / width;
        ArrayNode binNames = o.putArray("shareBins");
        for (int b = 0; b < used; b++) {
            binNames.add((b * width) + "-" + (Math.min(rows.size(), (b + 1) * width) - 1));
        }
        // one pass over the rows: per slot and choice, the hits in each bin and the scores' sum and count
        Map<String, Map<String, long[]>> hits = new LinkedHashMap<>();
        Map<String, Map<String, double[]>> scores = new LinkedHashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            Double score = rows.get(i).score();
            for (Map.Entry<String, Object> e : archs.get(i).entrySet()) {
                String choice = String.valueOf(e.getValue());
                hits.computeIfAbsent(e.getKey(), k -> new HashMap<>()).computeIfAbsent(choice, k -> new long[used])[i / width]++;
                if (score != null) {
                    double[] sn = scores.computeIfAbsent(e.getKey(), k -> new HashMap<>()).computeIfAbsent(choice, k -> new double[2]);
                    sn[0] += score;
                    sn[1]++;
                }
            }
        }
        ObjectNode share = o.putObject("share");
        ObjectNode mean = o.putObject("meanScore");
        for (Map.Entry<String, Set<String>> e : choices.entrySet()) {
            String slot = e.getKey();
            ObjectNode s = share.putObject(slot);
            ObjectNode m = mean.putObject(slot);
            for (String choice : e.getValue()) {
                long[] h = hits.getOrDefault(slot, Map.of()).getOrDefault(choice, new long[used]);
                ArrayNode series = s.putArray(choice);
                for (int b = 0; b < used; b++) {
                    int size = Math.min(rows.size(), (b + 1) * width) - b * width;
                    series.addArray().add(b).add((double) h[b] / size);
                }
                double[] sn = scores.getOrDefault(slot, Map.of()).get(choice);
                if (sn != null) {
                    m.put(choice, sn[0] / sn[1]);
                } else {
                    m.putNull(choice);
                }
            }
        }
        return o;
    }

    /** {@code api/runs/<id>/tradeoffs}: one metric against another, the Pareto front, and the slots in parallel. */
    ObjectNode tradeoffs(RunState r, Map<String, String> q) {
        String x = AXES.contains(q.get("x")) ? q.get("x") : "macs";
        String y = AXES.contains(q.get("y")) ? q.get("y") : "accuracy";
        List<CandidateRow> rows = r.finalRows().stream()
                .filter(c -> VALUES.get(x).apply(c) != null && VALUES.get(y).apply(c) != null).toList();
        List<Map<String, Double>> metrics = new ArrayList<>();
        rows.forEach(c -> metrics.add(Map.of("x", VALUES.get(x).apply(c), "y", VALUES.get(y).apply(c))));
        List<Integer> front = ParetoFront.indices(metrics, List.of(criterion("x", x), criterion("y", y)));
        ObjectNode o = JSON.createObjectNode();
        o.put("x", x);
        o.put("y", y);
        o.put("total", rows.size());
        ArrayNode axes = o.putArray("axes");
        AXES.forEach(axes::add);
        Set<CandidateRow> keep = new LinkedHashSet<>(sample(rows, r.best()));
        front.forEach(i -> keep.add(rows.get(i)));
        o.put("sampled", keep.size() < rows.size());
        ArrayNode points = o.putArray("points");
        for (CandidateRow c : rows) {
            if (keep.contains(c)) {
                points.addArray().add(VALUES.get(x).apply(c)).add(VALUES.get(y).apply(c)).add(c.candidateId());
            }
        }
        ArrayNode f = o.putArray("front");
        front.stream().map(rows::get).sorted(Comparator.comparingDouble(c -> VALUES.get(x).apply(c)))
                .forEach(c -> f.addArray().add(VALUES.get(x).apply(c)).add(VALUES.get(y).apply(c)).add(c.candidateId()));
        ObjectNode parallel = o.putObject("parallel");
        ObjectNode archs = architectures(r, Map.of("top", "1"));
        ArrayNode dims = parallel.putArray("dims");
        archs.path("slots").forEach(s -> dims.add(s.asText()));
        dims.add("score");
        parallel.set("categories", archs.path("choices"));
        ArrayNode prow = parallel.putArray("rows");
        for (CandidateRow c : sample(r.finalRows().stream().filter(v -> v.score() != null).toList(), r.best())) {
            ArrayNode a = prow.addArray();
            Map<String, Object> choices = r.choices(c);
            archs.path("slots").forEach(s -> a.add(String.valueOf(choices.get(s.asText()))));
            a.add(c.score()).add(c.candidateId());
        }
        o.set("slots", archs.path("slots"));
        return o;
    }

    private static ParetoFront.Criterion criterion(String key, String axis) {
        return axis.equals("accuracy") || axis.equals("score") ? ParetoFront.Criterion.max(key) : ParetoFront.Criterion.min(key);
    }

    /** {@code api/runs/<id>/rungs}: rung counts, each candidate's curve over resource, the training spent on stopped ones. */
    ObjectNode rungs(RunState r) {
        List<CandidateRow> rows = r.rungRows().stream().filter(x -> x.resource() != null).toList();
        ObjectNode o = JSON.createObjectNode();
        ArrayNode rungs = o.putArray("rungs");
        Map<Integer, List<CandidateRow>> byRung = new TreeMap<>();
        rows.forEach(x -> byRung.computeIfAbsent(x.rung(), k -> new ArrayList<>()).add(x));
        byRung.forEach((k, v) -> {
            ObjectNode g = rungs.addObject();
            g.put("rung", k);
            g.put("resource", v.get(0).resource());
            g.put("candidates", v.size());
            g.put("stopped", v.stream().filter(x -> x.status() == CandidateStatus.PRUNED).count());
        });
        Map<String, List<CandidateRow>> byCandidate = new LinkedHashMap<>();
        rows.forEach(x -> byCandidate.computeIfAbsent(x.candidateId(), k -> new ArrayList<>()).add(x));
        ArrayNode curves = o.putArray("curves");
        int shown = 0;
        double stopped = 0;
        double total = 0;
        for (Map.Entry<String, List<CandidateRow>> e : byCandidate.entrySet()) {
            List<CandidateRow> c = e.getValue();
            boolean promoted = c.size() > 1;
            double seconds = c.stream().mapToDouble(x -> x.trainSeconds() == null ? 0 : x.trainSeconds()).sum();
            total += seconds;
            if (c.get(c.size() - 1).status() == CandidateStatus.PRUNED) {
                stopped += seconds;
            }
            if (shown++ < MAX_POINTS / 4 || promoted) {
                ObjectNode curve = curves.addObject();
                curve.put("candidateId", e.getKey());
                curve.put("promoted", promoted);
                ArrayNode pts = curve.putArray("points");
                c.forEach(x -> pts.addArray().add(x.resource()).add(x.score() == null ? null : x.score()));
            }
        }
        o.put("stoppedTrainingSeconds", stopped);
        o.put("totalTrainingSeconds", total);
        return o;
    }

    /** {@code api/runs/<id>/executors}: each trial's span on its executor, and each executor's totals. */
    ObjectNode executors(RunState r) {
        List<CandidateRow> rows = r.rungRows();
        ObjectNode o = JSON.createObjectNode();
        Map<String, double[]> totals = new TreeMap<>();
        Map<String, CandidateRow> any = new LinkedHashMap<>();
        for (CandidateRow x : rows) {
            String e = x.executorId() == null ? "?" : x.executorId();
            double[] t = totals.computeIfAbsent(e, k -> new double[2]);
            t[0]++;
            if (x.startedAtMs() != null && x.finishedAtMs() != null) {
                t[1] += (x.finishedAtMs() - x.startedAtMs()) / 1000.0;
            }
            any.putIfAbsent(e, x);
        }
        ArrayNode ex = o.putArray("executors");
        totals.forEach((id, t) -> {
            ObjectNode e = ex.addObject();
            e.put("id", id);
            e.put("host", any.get(id).host());
            e.put("gpu", any.get(id).gpu());
            e.put("candidates", (long) t[0]);
            e.put("busySeconds", t[1]);
        });
        List<CandidateRow> shown = rows.size() > MAX_POINTS ? rows.subList(rows.size() - MAX_POINTS, rows.size()) : rows;
        o.put("sampled", shown.size() < rows.size());
        ArrayNode tasks = o.putArray("tasks");
        for (CandidateRow x : shown) {
            if (x.startedAtMs() == null || x.finishedAtMs() == null) {
                continue;
            }
            ObjectNode t = tasks.addObject();
            t.put("executorId", x.executorId());
            t.put("candidateId", x.candidateId());
            t.put("rung", x.rung());
            t.put("status", x.status().name());
            t.put("start", x.startedAtMs());
            t.put("end", x.finishedAtMs());
            t.put("gpu", x.gpu());
        }
        return o;
    }

    private static void row(ObjectNode o, CandidateRow x, boolean detail) {
        o.put("candidateId", x.candidateId());
        o.put("seq", x.seq());
        o.put("generation", x.generation());
        o.put("rung", x.rung());
        putNumber(o, "resource", x.resource());
        o.put("status", x.status().name());
        putNumber(o, "score", x.score());
        putNumber(o, "accuracy", x.accuracy());
        putNumber(o, "params", x.params());
        putNumber(o, "macs", x.macs());
        putNumber(o, "latencyMs", x.latencyMs());
        putNumber(o, "trainSeconds", x.trainSeconds());
        o.put("executorId", x.executorId());
        o.put("error", x.error());
        putArch(o, x);
        if (detail) {
            ObjectNode m = o.putObject("metrics");
            if (x.metrics() != null) {
                new TreeMap<>(x.metrics()).forEach((k, v) -> putNumber(m, k, v));
            }
            o.put("seed", x.seed());
            putNumber(o, "attempt", x.attempt());
            o.put("host", x.host());
            o.put("device", x.device());
            o.put("gpu", x.gpu());
            putNumber(o, "startedAt", x.startedAtMs());
            putNumber(o, "finishedAt", x.finishedAtMs());
        }
    }

    private static Map<String, Object> arch(CandidateRow x) {
        return ArchDesc.parseCanonical(x.archDesc()).asMap();
    }

    private static void putArch(ObjectNode o, CandidateRow x) {
        ObjectNode a = o.putObject("arch");
        arch(x).forEach((k, v) -> a.put(k, String.valueOf(v)));
    }

    private static void putNumber(ObjectNode o, String k, Number v) {
        if (v == null || (v instanceof Double d && !Double.isFinite(d))) {
            o.putNull(k);
        } else if (v instanceof Double || v instanceof Float) {
            o.put(k, v.doubleValue());
        } else {
            o.put(k, v.longValue());
        }
    }

    private static void range(List<CandidateRow> rows, String key, String min, String max) {
        Function<CandidateRow, Double> v = VALUES.get(key);
        if (min != null && !min.isEmpty()) {
            double m = Double.parseDouble(min);
            rows.removeIf(x -> v.apply(x) == null || v.apply(x) < m);
        }
        if (max != null && !max.isEmpty()) {
            double m = Double.parseDouble(max);
            rows.removeIf(x -> v.apply(x) == null || v.apply(x) > m);
        }
    }

    private static int parse(String s, int dflt) {
        return s == null || s.isEmpty() ? dflt : Integer.parseInt(s);
    }

    /** At most {@link #MAX_POINTS} rows: all when fewer, else a seeded sample that keeps the best. */
    private static List<CandidateRow> sample(List<CandidateRow> rows, CandidateRow best) {
        if (rows.size() <= MAX_POINTS) {
            return rows;
        }
        Rng rng = new Rng(rows.size());
        List<CandidateRow> out = new ArrayList<>();
        double p = (double) MAX_POINTS / rows.size();
        for (CandidateRow x : rows) {
            if (x == best || rng.nextDouble() < p) {
                out.add(x);
            }
        }
        return out;
    }
}
