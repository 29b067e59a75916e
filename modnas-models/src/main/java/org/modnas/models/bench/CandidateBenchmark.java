package org.modnas.models.bench;

import com.typesafe.config.Config;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.modnas.core.arch.ArchDesc;
import org.modnas.core.arch.ArchSpace;
import org.modnas.core.bench.BenchOptions;
import org.modnas.core.config.ConfigLoader;
import org.modnas.core.config.LoadedConfig;
import org.modnas.core.estim.CandidateContext;
import org.modnas.core.estim.CandidateEstimator;
import org.modnas.core.estim.CandidateResult;
import org.modnas.core.estim.CandidateRunner;
import org.modnas.core.estim.Estimator;
import org.modnas.core.optim.DiscreteOptimizer;
import org.modnas.core.optim.Observation;
import org.modnas.core.optim.Optimizer;
import org.modnas.core.registry.Registry;
import org.modnas.core.search.EstimatorChain;
import org.modnas.core.search.Seeds;
import org.modnas.models.space.Spaces;

/**
 * {@code modnas bench candidate}: where a candidate's time goes. It evaluates the candidates of a
 * search config one after another in this process, as a Spark task would (the same estimator,
 * seeds and threads; Spark's own cost per task is {@code bench spark}'s), and prints one line per
 * candidate with its wall time and phases, from the estimator's own timings: {@code build}
 * (blocks from the desc, params and MACs), {@code init} (parameter initialisation), {@code train}
 * (of which {@code first_step}), {@code bn} (batch-norm recalibration), {@code valid},
 * {@code latency} and {@code other} (the rest: data set reading on the first candidate, engine
 * calls around the phases); then {@code bench=candidate_summary} with the mean and median wall time,
 * and the mean of each phase. The default workload is {@code conf/bench/candidate.conf}.
 */
public final class CandidateBenchmark {
    private static final List<String> PHASES = List.of("build", "init", "train", "first_step", "bn", "valid", "latency");

    private CandidateBenchmark() {
    }

    /**
     * @param options {@code config} (default {@code conf/bench/candidate.conf} of the project),
     *     {@code candidates} (default the config's {@code search.budget.candidates}), {@code threads}
     *     (default the config's {@code spark.task.cpus}, else the available cores)
     */
    public static void run(Map<String, String> options, PrintStream out) {
        BenchOptions opts = new BenchOptions("candidate", options, List.of("config", "candidates", "threads"));
        Path file = opts.text("config") != null ? Path.of(opts.text("config")) : defaultConfig();
        LoadedConfig loaded = new ConfigLoader().loadAny(file, List.of());
        Config config = loaded.config();
        int n = opts.positive("candidates", config.getInt("search.budget.candidates"));
        int threads = opts.positive("threads", taskCpus(config));
        String wanted = config.hasPath("spark.estimator") ? config.getString("spark.estimator") : "";
        EstimatorChain chain = EstimatorChain.plan(config, loaded.chain("search.estim"), wanted);
        if (!chain.stages().isEmpty()) {
            throw new IllegalArgumentException("bench candidate measures candidates without stages; " + file
                    + " has stages " + chain.stageNames());
        }
        Estimator built = EstimatorChain.build(config, chain.candidate(), null);
        CandidateEstimator estimator = (CandidateEstimator) built;
        ArchSpace space = Spaces.build(config.getConfig("search_space"), Registry.global(), config.getLong("run.seed")).archSpace();
        Optimizer o = Registry.global().build(Optimizer.KIND, config.getConfig("search.optim"), Map.of(ArchSpace.class, space));
        if (!(o instanceof DiscreteOptimizer optimizer)) {
            throw new IllegalArgumentException("bench candidate needs a discrete optimizer in " + file);
        }
        List<double[]> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ArchDesc desc = optimizer.propose(1).get(0).desc();
            long seed = Seeds.candidateSeed(config.getLong("run.seed"), desc);
            CandidateResult r = CandidateRunner.run(estimator, desc, CandidateContext.cpu(seed, threads), 0);
            double wall = (r.finishedAtMs() - r.startedAtMs()) / 1000.0;
            optimizer.observe(List.of(new Observation(desc, r.ok() ? r.metric("accuracy") : Double.NaN)));
            double[] row = new double[PHASES.size() + 2];
            row[0] = wall;
            double counted = 0;
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "bench=candidate seq=%d status=%s wall_s=%.2f",
                    i, r.status(), wall));
            for (int k = 0; k < PHASES.size(); k++) {
                double v = r.ok() ? r.metrics().getOrDefault(PHASES.get(k) + "_seconds", 0.0) : Double.NaN;
                row[k + 1] = v;
                if (!PHASES.get(k).equals("first_step") && !Double.isNaN(v)) {
                    counted += v;
                }
                line.append(String.format(Locale.ROOT, " %s_s=%.2f", PHASES.get(k), v));
            }
            row[PHASES.size() + 1] = wall - counted;
            line.append(String.format(Locale.ROOT, " other_s=%.2f threads=%d", wall - counted, threads));
            if (!r.ok()) {
                line.append(" error=").append(String.valueOf(r.error()).lines().findFirst().orElse("").replace(' ', '_'));
            }
            out.println(line);
            rows.add(row);
        }
        double[] walls = rows.stream().mapToDouble(r -> r[0]).toArray();
        StringBuilder summary = new StringBuilder(String.format(Locale.ROOT,
                "bench=candidate_summary candidates=%d wall_mean_s=%.2f wall_median_s=%.2f wall_mean_after_first_s=%.2f",
                n, mean(walls), median(walls), n > 1 ? mean(Arrays.copyOfRange(walls, 1, n)) : Double.NaN));
        for (int k = 0; k < PHASES.size(); k++) {
            int col = k + 1;
            summary.append(String.format(Locale.ROOT, " %s_mean_s=%.2f", PHASES.get(k), mean(rows.stream().mapToDouble(r -> r[col]).toArray())));
        }
        summary.append(String.format(Locale.ROOT, " other_mean_s=%.2f threads=%d",
                mean(rows.stream().mapToDouble(r -> r[PHASES.size() + 1]).toArray()), threads));
        out.println(summary);
    }

    private static Path defaultConfig() {
        String root = System.getProperty("modnas.root");
        Path p = Path.of(root == null ? "." : root).resolve("conf/bench/candidate.conf");
        if (!Files.isRegularFile(p)) {
            throw new IllegalArgumentException("bench candidate: no workload at " + p + "; give one with config=<file>");
        }
        return p;
    }

    private static int taskCpus(Config config) {
        String key = "spark.conf.\"spark.task.cpus\"";
        return config.hasPath(key) ? config.getInt(key) : Runtime.getRuntime().availableProcessors();
    }

    private static double mean(double[] xs) {
        return Arrays.stream(xs).filter(x -> !Double.isNaN(x)).average().orElse(Double.NaN);
    }

    private static double median(double[] xs) {
        double[] s = Arrays.stream(xs).filter(x -> !Double.isNaN(x)).sorted().toArray();
        return s.length == 0 ? Double.NaN : s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
