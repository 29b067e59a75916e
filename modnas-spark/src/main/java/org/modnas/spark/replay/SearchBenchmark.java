package org.modnas.spark.replay;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.modnas.core.arch.ArchSpace;
import org.modnas.core.optim.DiscreteOptimizer;
import org.modnas.core.optim.Optimizer;
import org.modnas.core.registry.Registry;
import org.modnas.core.schedule.TrialScheduler;
import org.modnas.core.stats.Ranks;
import org.modnas.spark.report.Charts;

/**
 * {@code modnas bench search}: optimizers × schedulers replayed on a ground-truth table over many
 * seeds at one budget of simulated seconds. For each it prints the mean value of the incumbent (the
 * best fully trained candidate) at a quarter, half and all of the budget with a 95 % confidence
 * interval, its mean regret against the table's best, and the probability that it beats random
 * search without early stopping (Mann-Whitney U, with its p-value), and how many fully trained
 * candidates it needed to reach random search's mean result; {@code chart=FILE.png} draws the mean
 * regret against the budget. With {@code proxies=RUN} (zero-cost scores of the same architectures)
 * each optimizer is also replayed with the zero-cost warm-up: the {@code top} (10) of {@code prefilter}
 * (100) random architectures by {@code proxy} (naswot) trained first.
 */
public final class SearchBenchmark {
    /** The optimizers compared, with settings for a space of a few hundred architectures. */
    static final Map<String, String> OPTIMIZERS = new LinkedHashMap<>();
    /** The schedulers compared; their rungs come from the table's resources. */
    static final List<String> SCHEDULERS = List.of("none", "ASHA", "Hyperband");

    static {
        OPTIMIZERS.put("random", "type = RandomSearchOptim");
        OPTIMIZERS.put("regularized-evolution", "type = RegularizedEvolutionOptim, population_size = 10, sample_size = 3");
        OPTIMIZERS.put("evolution", "type = EvolutionOptim, population_size = 10, n_select = 4, mutation_prob = 0.1");
        OPTIMIZERS.put("reinforce", "type = REINFORCEOptim, batch_size = 5");
    }

    private SearchBenchmark() {
    }

    /** One optimizer with one scheduler: the incumbent of every seed at each budget fraction, and each seed's replay. */
    record Case(String optimizer, String scheduler, double[][] incumbents, double[] started, List<ReplaySearch.Outcome> outcomes) {
        String name() {
            return optimizer + "+" + scheduler;
        }
    }

    public static int run(Map<String, String> options, PrintStream out) {
        GroundTruth truth = GroundTruth.load(options.getOrDefault("table", "groundtruth/fashion-mbv2"));
        String metric = options.getOrDefault("metric", "accuracy");
        int seeds = Integer.parseInt(options.getOrDefault("seeds", "30"));
        int slots = Integer.parseInt(options.getOrDefault("slots", "2"));
        int eta = Integer.parseInt(options.getOrDefault("eta", "2"));
        double meanFull = truth.entries().stream().mapToDouble(GroundTruth.Entry::fullSeconds).average().orElse(1);
        int n = truth.entries().size();
        double budget = options.containsKey("budget_s") ? Double.parseDouble(options.get("budget_s"))
                : Math.ceil(n / 8.0) * meanFull / slots;
        double best = truth.bestFinal(metric);
        // the incumbent at every twentieth of the budget; a quarter, a half and all of it are printed
        double[] fractions = new double[20];
        for (int f = 0; f < fractions.length; f++) {
            fractions[f] = (f + 1) / 20.0;
        }
        out.printf(Locale.ROOT, "bench=search architectures=%d exhaustive=%s best_%s=%.4f mean_full_training_s=%.1f budget_s=%.0f "
                        + "(%.1f full trainings per slot) slots=%d seeds=%d%n", n, truth.exhaustive(), metric, best, meanFull,
                budget, budget / meanFull, slots, seeds);
        List<Double> resources = truth.entries().iterator().next().points().stream()
                .map(p -> p.resource() == null ? Double.NaN : p.resource()).toList();
        // the zero-cost warm-up: with a run of proxy scores over the same architectures, each replay first trains the
        // `top` best by `proxy` of `prefilter` random architectures, as search.prefilter does
        GroundTruth proxies = options.containsKey("proxies") ? GroundTruth.load(options.get("proxies")) : null;
        String proxy = options.getOrDefault("proxy", "naswot");
        int prefilter = Integer.parseInt(options.getOrDefault("prefilter", "100"));
        int top = Integer.parseInt(options.getOrDefault("top", "10"));
        List<Case> cases = new ArrayList<>();
        for (Map.Entry<String, String> o : OPTIMIZERS.entrySet()) {
            if (options.containsKey("optimizers") && !List.of(options.get("optimizers").split(",")).contains(o.getKey())) {
                continue;
            }
            List<String> schedulers = new ArrayList<>(SCHEDULERS);
            if (proxies != null) {
                schedulers.add("zc-warmup");
            }
            for (String sched : schedulers) {
                if (!sched.equals("none") && !sched.equals("zc-warmup")
                        && (resources.size() < 2 || resources.stream().anyMatch(r -> r.isNaN()))) {
                    continue; // a table without rungs answers no early stopping
                }
                double[][] inc = new double[fractions.length][seeds];
                double[] started = new double[seeds];
                List<ReplaySearch.Outcome> outcomes = new ArrayList<>();
                for (int s = 0; s < seeds; s++) {
                    int seed = s + 1;
                    Supplier<DiscreteOptimizer> opt = () -> optimizer(o.getValue(), truth.space(), seed);
                    Supplier<TrialScheduler> sch = sched.equals("none") || sched.equals("zc-warmup") ? null
                            : () -> scheduler(sched, resources.get(0), resources.get(resources.size() - 1), eta, seed);
                    Supplier<List<org.modnas.core.arch.ArchDesc>> warm = sched.equals("zc-warmup")
                            ? () -> warmup(truth, proxies, proxy, prefilter, top, seed) : List::of;
                    ReplaySearch.Outcome r = new ReplaySearch(truth, opt, sch, metric, slots, warm).run(budget);
                    for (int f = 0; f < fractions.length; f++) {
                        inc[f][s] = r.incumbentAt(fractions[f] * budget);
                    }
                    started[s] = r.started();
                    outcomes.add(r);
                }
                cases.add(new Case(o.getKey(), sched, inc, started, outcomes));
            }
        }
        Case baseline = cases.get(0);
        double target = mean(baseline.incumbents()[fractions.length - 1]);
        for (Case c : cases) {
            double[] last = c.incumbents()[fractions.length - 1];
            Ranks.MannWhitney vs = Ranks.mannWhitney(last, baseline.incumbents()[fractions.length - 1]);
            // how many fully trained candidates it took to reach random search's mean result at the whole budget
            double[] toReach = c.outcomes().stream().mapToDouble(r -> r.trainedToReach(target)).filter(v -> v >= 0).toArray();
            out.printf(Locale.ROOT, "bench=search optimizer=%s scheduler=%s mean_%s_at_25pct=%.4f at_50pct=%.4f at_100pct=%.4f "
                            + "ci95=%.4f mean_regret=%.4f candidates_started=%.1f p_beats_%s=%.2f p_value=%.3g "
                            + "trained_to_reach_random=%.1f reached=%d/%d%n",
                    c.optimizer(), c.scheduler(), metric, mean(c.incumbents()[4]), mean(c.incumbents()[9]), mean(last),
                    ci95(last), best - mean(last), mean(c.started()), baseline.name(), vs.probabilityAGreater(), vs.pValue(),
                    mean(toReach), toReach.length, seeds);
        }
        if (options.containsKey("chart")) {
            chart(Path.of(options.get("chart")), cases, fractions, best, budget);
            out.println("bench=search chart=" + options.get("chart"));
        }
        return 0;
    }

    /** The {@code top} of {@code n} random architectures (seeded) by a proxy's score in {@code proxies}, best first. */
    static List<org.modnas.core.arch.ArchDesc> warmup(GroundTruth truth, GroundTruth proxies, String proxy, int n, int top,
                                                       int seed) {
        List<GroundTruth.Entry> all = new ArrayList<>(truth.entries());
        org.modnas.core.util.Rng rng = new org.modnas.core.util.Rng(1000L + seed);
        for (int i = all.size() - 1; i > 0; i--) {
            java.util.Collections.swap(all, i, rng.nextInt(i + 1));
        }
        List<GroundTruth.Entry> sample = new ArrayList<>(all.subList(0, Math.min(n, all.size())));
        sample.sort(java.util.Comparator.comparingDouble((GroundTruth.Entry e) -> {
            double v = proxies.get(e.desc()).last().metric(proxy);
            return Double.isFinite(v) ? -v : Double.POSITIVE_INFINITY;
        }));
        return sample.subList(0, Math.min(top, sample.size())).stream().map(GroundTruth.Entry::desc).toList();
    }

    static DiscreteOptimizer optimizer(String settings, ArchSpace space, int seed) {
        Config c = ConfigFactory.parseString(settings + ", seed = " + seed);
        return (DiscreteOptimizer) Registry.global().build(Optimizer.KIND, c, Map.of(ArchSpace.class, space));
    }

    static TrialScheduler scheduler(String name, double min, double max, int eta, int seed) {
        String args = "type = " + name + ", min_resource = " + min + ", max_resource = " + max + ", reduction_factor = " + eta
                + (name.equals("Hyperband") ? ", seed = " + seed : "");
        return Registry.global().build(TrialScheduler.KIND, ConfigFactory.parseString(args), Map.of());
    }

    static double mean(double[] v) {
        double s = 0;
        int n = 0;
        for (double x : v) {
            if (Double.isFinite(x)) {
                s += x;
                n++;
            }
        }
        return n == 0 ? Double.NaN : s / n;
    }

    /** Half the width of the 95 % confidence interval of the mean (normal approximation). */
    static double ci95(double[] v) {
        double m = mean(v);
        double ss = 0;
        int n = 0;
        for (double x : v) {
            if (Double.isFinite(x)) {
                ss += (x - m) * (x - m);
                n++;
            }
        }
        return n < 2 ? Double.NaN : 1.96 * Math.sqrt(ss / (n - 1)) / Math.sqrt(n);
    }

    private static void chart(Path file, List<Case> cases, double[] fractions, double best, double budget) {
        XYSeriesCollection data = new XYSeriesCollection();
        for (Case c : cases) {
            XYSeries s = new XYSeries(c.name());
            for (int f = 0; f < fractions.length; f++) {
                s.add(fractions[f] * budget, best - mean(c.incumbents()[f]));
            }
            data.addSeries(s);
        }
        XYPlot plot = new XYPlot(data, new NumberAxis("simulated seconds"), new NumberAxis("mean regret"),
                new XYLineAndShapeRenderer(true, true));
        JFreeChart chart = new JFreeChart("Regret of the incumbent against the budget", JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        Charts.style(chart);
        Charts.draw(org.modnas.core.store.Location.of(file), chart);
    }
}
