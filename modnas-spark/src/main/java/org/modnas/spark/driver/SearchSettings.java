package org.modnas.spark.driver;

import com.typesafe.config.Config;
import java.util.ArrayList;
import java.util.List;
import org.modnas.core.config.LoadedConfig;
import org.modnas.core.run.RunDirectory;
import org.modnas.core.search.EstimatorChain;

/**
 * The settings of one distributed search read from its loaded config (keys documented
 * in modnas-spark's {@code reference.conf}), checked so a bad value fails before Spark starts.
 *
 * @param run            the run's folder: {@code output.dir} and the run id
 * @param chain          the estimator chain: the stages run first, once each, and the entry every
 *                       candidate task runs
 * @param device         {@code trainer.device}: where candidates train (auto, cpu or gpu)
 * @param configHash     hash of the config minus budgets and execution settings: what determines results
 * @param prefilter      the zero-cost warm-up ({@code search.prefilter})
 */
public record SearchSettings(RunDirectory run, long seed, int budgetCandidates, double budgetSeconds,
                             Double targetScore, int maxFailures, String optimizerType, EstimatorChain chain,
                             double candidateTimeoutSeconds, int slots, int queueDepth, int maxCandidatesPerTask,
                             double taskTargetSeconds, int flushRows, double flushSeconds, double snapshotSeconds,
                             boolean progress, String tableName, double executorWaitSeconds, String device,
                             String configHash, Prefilter prefilter) {

    /**
     * Reads and checks the settings (the ranges of numeric settings were checked when the config was
     * loaded).
     *
     * @throws IllegalArgumentException listing every problem
     */
    public static SearchSettings of(LoadedConfig loaded) {
        Config config = loaded.config();
        List<String> problems = new ArrayList<>();
        Double target = config.getIsNull("search.budget.target_score") ? null : config.getDouble("search.budget.target_score");
        if (config.getIsNull("search.optim.type")) {
            problems.add("search.optim.type is missing: name the optimizer, e.g. RandomSearchOptim");
        }
        EstimatorChain estimator = null;
        try {
            estimator = EstimatorChain.plan(config, loaded.chain("search.estim"), config.getString("spark.estimator"));
        } catch (IllegalArgumentException e) {
            String wanted = config.getString("spark.estimator");
            problems.add(wanted.isEmpty() ? e.getMessage() : "with spark.estimator = " + wanted + ": " + e.getMessage());
        }
        RunDirectory run = null;
        try {
            run = RunDirectory.of(loaded);
            run.root().store(); // a URI whose file system this JVM cannot reach is refused before any work
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        }
        Prefilter prefilter = null;
        try {
            prefilter = Prefilter.of(config);
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return new SearchSettings(run, config.getLong("run.seed"), config.getInt("search.budget.candidates"),
                config.getDouble("search.budget.seconds"), target, config.getInt("search.budget.max_failures"),
                config.getString("search.optim.type"), estimator, config.getDouble("spark.candidate_timeout_s"),
                config.getInt("spark.slots"), config.getInt("spark.queue_depth"), config.getInt("spark.max_candidates_per_task"),
                config.getDouble("spark.task_target_s"), config.getInt("spark.flush_rows"),
                config.getDouble("spark.flush_interval_s"), config.getDouble("spark.snapshot_interval_s"),
                config.getBoolean("spark.progress"), config.getString("spark.table"),
                config.getDouble("spark.executor_wait_s"), config.getString("trainer.device"), configHash(config), prefilter);
    }

    public String runId() {
        return run.runId();
    }

    /** The run's folder as text. */
    public String runDir() {
        return run.root().toString();
    }

    /**
     * The {@code search.estim} entry every candidate task runs, e.g. {@code search}; in a chain of
     * stages only, the last stage, whose result is the search's.
     */
    public String estimatorName() {
        return chain.hasCandidate() ? chain.candidate().name() : chain.lastStage().name();
    }

    /** The config path of the estimator every task runs, e.g. {@code search.estim.search}. */
    public String estimatorPath() {
        return "search.estim." + estimatorName();
    }

    /** The {@code config_hash} column: the config's search identity ({@link LoadedConfig#searchIdentityOf}). */
    public static String configHash(Config config) {
        return LoadedConfig.searchIdentityOf(config);
    }
}
