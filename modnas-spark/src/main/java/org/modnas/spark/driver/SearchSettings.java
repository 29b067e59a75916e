package org.modnas.spark.driver;

import com.typesafe.config.Config;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.modnas.core.config.ConfigChains;
import org.modnas.core.config.LoadedConfig;
import org.modnas.core.estim.CandidateEstimator;
import org.modnas.core.estim.Estimator;
import org.modnas.core.registry.Registry;
import org.modnas.core.run.RunDirectory;

/**
 * The settings of one distributed search read from its loaded config (SPEC §6, keys documented
 * in modnas-spark's {@code reference.conf}), checked so a bad value fails before Spark starts.
 *
 * @param run            the run's folder (SPEC §7): {@code output.dir} and the run id
 * @param estimatorName  the {@code search.estim} entry every candidate task runs
 * @param configHash     hash of the config minus budgets and execution settings: what determines results
 */
public record SearchSettings(RunDirectory run, long seed, int budgetCandidates, double budgetSeconds,
                             Double targetScore, String optimizerType, String estimatorName,
                             double candidateTimeoutSeconds, int slots, int queueDepth, int maxCandidatesPerTask,
                             double taskTargetSeconds, int flushRows, double flushSeconds, double snapshotSeconds,
                             boolean progress, String tableName, String configHash) {

    /**
     * Reads and checks the settings.
     *
     * @throws IllegalArgumentException listing every problem
     */
    public static SearchSettings of(LoadedConfig loaded) {
        Config config = loaded.config();
        List<String> problems = new ArrayList<>();
        int budget = config.getInt("search.budget.candidates");
        if (budget <= 0) {
            problems.add("search.budget.candidates must be > 0, got " + budget);
        }
        double seconds = config.getDouble("search.budget.seconds");
        if (seconds < 0) {
            problems.add("search.budget.seconds must be >= 0 (0 = no limit), got " + seconds);
        }
        Double target = config.getIsNull("search.budget.target_score") ? null : config.getDouble("search.budget.target_score");
        double timeout = config.getDouble("spark.candidate_timeout_s");
        if (timeout < 0) {
            problems.add("spark.candidate_timeout_s must be >= 0 (0 = none), got " + timeout);
        }
        int slots = config.getInt("spark.slots");
        int depth = config.getInt("spark.queue_depth");
        if (slots < 0 || depth < 0) {
            problems.add("spark.slots and spark.queue_depth must be >= 0");
        }
        int perTask = config.getInt("spark.max_candidates_per_task");
        if (perTask <= 0) {
            problems.add("spark.max_candidates_per_task must be > 0, got " + perTask);
        }
        double taskTarget = config.getDouble("spark.task_target_s");
        if (taskTarget < 0) {
            problems.add("spark.task_target_s must be >= 0, got " + taskTarget);
        }
        int flushRows = config.getInt("spark.flush_rows");
        if (flushRows <= 0) {
            problems.add("spark.flush_rows must be > 0, got " + flushRows);
        }
        if (config.getIsNull("search.optim.type")) {
            problems.add("search.optim.type is missing: name the optimizer, e.g. RandomSearchOptim");
        }
        String estimator = null;
        try {
            estimator = candidateEstimator(loaded);
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        }
        RunDirectory run = null;
        try {
            run = RunDirectory.of(loaded);
            String dir = config.getString("output.dir");
            if (dir.matches("[A-Za-z][A-Za-z0-9+.-]+:/.*")) {
                problems.add("output.dir = " + config.getString("output.dir") + ": the run folder must be a plain "
                        + "local path of the driver (the driver writes the table; executors never do)");
            }
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return new SearchSettings(run, config.getLong("run.seed"), budget, seconds, target,
                config.getString("search.optim.type"), estimator, timeout, slots, depth, perTask, taskTarget, flushRows,
                config.getDouble("spark.flush_interval_s"), config.getDouble("spark.snapshot_interval_s"),
                config.getBoolean("spark.progress"), config.getString("spark.table"), configHash(config));
    }

    public String runId() {
        return run.runId();
    }

    /** The run's folder as text. */
    public String runDir() {
        return run.root().toString();
    }

    /** The config path of the estimator every task runs, e.g. {@code search.estim.search}. */
    public String estimatorPath() {
        return "search.estim." + estimatorName;
    }

    /**
     * The {@code search.estim} entry the tasks run: {@code spark.estimator} when set, else the last entry
     * (in written order) whose component evaluates single candidates. Entries before it would have to
     * run first on the driver (a supernet warm-up, say), which a distributed search does not do, so they
     * are rejected rather than silently skipped.
     *
     * @throws IllegalArgumentException naming the entries when there is no usable one
     */
    static String candidateEstimator(LoadedConfig loaded) {
        Config config = loaded.config();
        List<ConfigChains.Entry> chain = loaded.chain("search.estim");
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("search.estim is empty: configure the estimator run for each candidate, "
                    + "e.g. search.estim.search { type = SubNetEstimator }");
        }
        String wanted = config.getString("spark.estimator");
        int chosen = -1;
        List<Boolean> distributable = new ArrayList<>();
        for (ConfigChains.Entry e : chain) {
            distributable.add(isCandidateEstimator(config, e));
        }
        if (!wanted.isEmpty()) {
            for (int i = 0; i < chain.size(); i++) {
                if (chain.get(i).name().equals(wanted)) {
                    chosen = i;
                }
            }
            if (chosen < 0) {
                throw new IllegalArgumentException("spark.estimator = " + wanted + " but search.estim has no such entry; "
                        + "entries: " + names(chain));
            }
            if (!distributable.get(chosen)) {
                throw new IllegalArgumentException("spark.estimator = " + wanted + " (" + chain.get(chosen).type()
                        + ") does not evaluate single candidates, so it cannot run as a Spark task");
            }
        } else {
            chosen = distributable.lastIndexOf(true);
            if (chosen < 0) {
                throw new IllegalArgumentException("no entry of search.estim " + names(chain) + " evaluates single "
                        + "candidates, so none can run as a Spark task: use e.g. SubNetEstimator");
            }
        }
        if (chosen > 0) {
            throw new IllegalArgumentException("search.estim." + chain.get(chosen).name() + " runs on Spark, but the "
                    + "entries before it " + names(chain.subList(0, chosen)) + " would have to run first and a "
                    + "distributed search cannot run them yet: remove them (or set them to null) for this search");
        }
        return chain.get(chosen).name();
    }

    private static boolean isCandidateEstimator(Config config, ConfigChains.Entry e) {
        try {
            // estimators are cheap to build: they load data on their first candidate
            return Registry.global().build(Estimator.KIND, e.section(), Map.of(Config.class, config))
                    instanceof CandidateEstimator;
        } catch (RuntimeException bad) {
            throw new IllegalArgumentException("search.estim." + e.name() + ": " + bad.getMessage(), bad);
        }
    }

    private static List<String> names(List<ConfigChains.Entry> chain) {
        return chain.stream().map(e -> e.name() + " (" + e.type() + ")").toList();
    }

    /** The {@code config_hash} column: the config's search identity ({@link LoadedConfig#searchIdentityOf}). */
    public static String configHash(Config config) {
        return LoadedConfig.searchIdentityOf(config);
    }
}
