package org.modnas.spark.driver;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * The settings of one distributed search read from its resolved config (SPEC §6, keys documented
 * in modnas-spark's {@code reference.conf}), checked so a bad value fails before Spark starts.
 *
 * @param configHash hash of the config minus budgets and execution settings: what determines results
 */
public record SearchSettings(String runId, String outputDir, long seed, int budgetCandidates, double budgetSeconds,
                             Double targetScore, String optimizerType, String estimatorName, String estimatorPath,
                             double candidateTimeoutSeconds, int slots, int queueDepth, int flushRows,
                             double flushSeconds, double snapshotSeconds, boolean progress, String tableName,
                             String configHash) {

    /** Reads and checks the settings; {@code config} must already hold the reference defaults. */
    public static SearchSettings of(Config config) {
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
        int flushRows = config.getInt("spark.flush_rows");
        if (flushRows <= 0) {
            problems.add("spark.flush_rows must be > 0, got " + flushRows);
        }
        if (!config.hasPath("search.optim.type")) {
            problems.add("search.optim.type is missing: name the optimizer, e.g. RandomSearchOptim");
        }
        String estimator = config.getString("spark.estimator");
        if (!config.hasPath("search.estim") || config.getConfig("search.estim").root().isEmpty()) {
            problems.add("search.estim is missing: configure the estimator run for each candidate, "
                    + "e.g. search.estim.search { type = SubNetEstimator }");
        } else if (estimator.isEmpty()) {
            var names = config.getConfig("search.estim").root().keySet();
            if (names.size() != 1) {
                problems.add("search.estim has " + names.size() + " entries " + names
                        + ": set spark.estimator to the one run for each candidate");
            } else {
                estimator = names.iterator().next();
            }
        } else if (!config.hasPath("search.estim." + estimator)) {
            problems.add("spark.estimator = " + estimator + " but search.estim has no such entry; entries: "
                    + config.getConfig("search.estim").root().keySet());
        }
        String runId = config.getIsNull("run.id") ? "" : config.getString("run.id");
        if (runId.isEmpty()) {
            runId = "search";
        }
        if (!runId.matches("[A-Za-z0-9._-]+")) {
            problems.add("run.id may hold letters, digits, '.', '_' and '-' only, got '" + runId + "'");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return new SearchSettings(runId, config.getString("output.dir"), config.getLong("run.seed"), budget, seconds,
                target, config.getString("search.optim.type"), estimator, "search.estim." + estimator, timeout, slots,
                depth, flushRows, config.getDouble("spark.flush_interval_s"), config.getDouble("spark.snapshot_interval_s"),
                config.getBoolean("spark.progress"), config.getString("spark.table"), configHash(config));
    }

    /** The run's folder. */
    public String runDir() {
        return outputDir.endsWith("/") ? outputDir + runId : outputDir + "/" + runId;
    }

    /**
     * 16 hex digits of the SHA-256 of the config without the budget, run id, output and Spark
     * execution sections: two runs with the same hash evaluate candidates the same way.
     */
    public static String configHash(Config config) {
        Config c = config.withoutPath("search.budget").withoutPath("spark").withoutPath("output").withoutPath("run.id");
        String text = c.root().render(ConfigRenderOptions.concise());
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < 8; i++) {
                sb.append(String.format("%02x", d[i]));
            }
            return sb.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
