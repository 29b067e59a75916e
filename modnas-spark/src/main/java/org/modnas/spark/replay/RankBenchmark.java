package org.modnas.spark.replay;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;
import org.modnas.core.stats.Ranks;

/**
 * {@code modnas bench rank}: how well cheap estimates order a ground-truth table's architectures as
 * their full training does (Spearman's ρ and Kendall's τ against the final {@code metric}): every
 * earlier rung of the table, the parameter count and MACs as baselines, and every metric of other
 * runs over the same architectures ({@code compare=RUN[,RUN...]}: a zero-cost proxy run, candidates
 * selected on a supernet, the same architectures trained from another seed).
 */
public final class RankBenchmark {
    private RankBenchmark() {
    }

    public static int run(Map<String, String> options, PrintStream out) {
        GroundTruth truth = GroundTruth.load(options.getOrDefault("table", "groundtruth/fashion-mbv2"));
        String metric = options.getOrDefault("metric", "accuracy");
        List<GroundTruth.Entry> entries = new ArrayList<>(truth.entries());
        double[] target = entries.stream().mapToDouble(e -> e.last().metric(metric)).toArray();
        out.printf(Locale.ROOT, "bench=rank table_architectures=%d target=%s_at_last_rung%n", entries.size(), metric);
        int rungs = entries.get(0).points().size();
        for (int k = 0; k < rungs - 1; k++) {
            int rung = k;
            Double resource = entries.get(0).points().get(k).resource();
            report(out, "rung" + k + (resource == null ? "" : "@" + format(resource)), entries, target,
                    e -> e.points().size() > rung ? e.points().get(rung).metric(metric) : Double.NaN);
        }
        for (String baseline : List.of("params", "macs", "latency_ms")) {
            report(out, baseline, entries, target, e -> e.last().metric(baseline));
        }
        if (options.containsKey("compare")) {
            for (String other : options.get("compare").split(",")) {
                GroundTruth o = GroundTruth.load(other.strip());
                TreeSet<String> names = new TreeSet<>();
                o.entries().forEach(e -> names.addAll(e.last().metrics().keySet()));
                List<GroundTruth.Entry> common = new ArrayList<>();
                List<GroundTruth.Entry> theirs = new ArrayList<>();
                for (GroundTruth.Entry e : entries) {
                    for (GroundTruth.Entry x : o.entries()) {
                        if (x.candidateId().equals(e.candidateId())) {
                            common.add(e);
                            theirs.add(x);
                        }
                    }
                }
                double[] t = common.stream().mapToDouble(e -> e.last().metric(metric)).toArray();
                for (String name : names) {
                    double[] v = theirs.stream().mapToDouble(x -> x.last().metric(name)).toArray();
                    report(out, other.strip() + ":" + name, common, t, v);
                }
            }
        }
        return 0;
    }

    private static void report(PrintStream out, String estimate, List<GroundTruth.Entry> entries, double[] target,
                               ToDoubleFunction<GroundTruth.Entry> value) {
        report(out, estimate, entries, target, entries.stream().mapToDouble(value).toArray());
    }

    private static void report(PrintStream out, String estimate, List<GroundTruth.Entry> entries, double[] target,
                               double[] values) {
        List<double[]> pairs = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            if (Double.isFinite(values[i]) && Double.isFinite(target[i])) {
                pairs.add(new double[] {values[i], target[i]});
            }
        }
        if (pairs.size() < 3) {
            return;
        }
        double[] x = pairs.stream().mapToDouble(p -> p[0]).toArray();
        double[] y = pairs.stream().mapToDouble(p -> p[1]).toArray();
        out.printf(Locale.ROOT, "bench=rank estimate=%s n=%d spearman=%.3f kendall=%.3f%n", estimate, pairs.size(),
                Ranks.spearman(x, y), Ranks.kendall(x, y));
    }

    private static String format(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }
}
