package org.modnas.spark.driver;

import com.typesafe.config.Config;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.modnas.core.arch.ArchDesc;
import org.modnas.core.arch.ArchSpace;
import org.modnas.core.estim.CandidateStatus;
import org.modnas.core.objective.Objective;
import org.modnas.core.search.Seeds;
import org.modnas.core.util.Rng;
import org.modnas.spark.table.CandidateRow;
import org.modnas.spark.table.ParquetAppender;
import org.modnas.spark.table.TableFiles;
import org.modnas.spark.trial.Trial;

/**
 * The zero-cost warm-up of a search ({@code search.prefilter}): {@code candidates} distinct random
 * candidates, drawn from the run's seed, are scored by the prefilter's estimator (a
 * {@code ZeroCostEstimator}: no training) as cheap Spark tasks, their rows kept in
 * {@code <run>/prefilter/} with the table's schema and the metric as their score; the search then
 * starts with the {@code top} of them. A resumed run reads its prefilter rows instead of scoring
 * again.
 *
 * @param candidates how many candidates to score; 0: no prefilter
 * @param top        how many of the best the search starts with
 * @param metric     the metric of the prefilter's estimator that ranks them (higher is better)
 */
record Prefilter(int candidates, int top, String metric) {
    /** The folder of the prefilter's rows in a run folder. */
    static final String FOLDER = "prefilter";
    /** The config path of the prefilter's estimator. */
    static final String ESTIMATOR = "search.prefilter.estim";

    /** The settings of {@code search.prefilter}; the metric must be one an objective knows. */
    static Prefilter of(Config config) {
        Prefilter p = new Prefilter(config.getInt("search.prefilter.candidates"), config.getInt("search.prefilter.top"),
                config.getString("search.prefilter.metric"));
        if (p.enabled()) {
            Objective.requireMetric(p.metric(), "search.prefilter.metric");
        }
        return p;
    }

    boolean enabled() {
        return candidates > 0;
    }

    /**
     * The descs the search starts with, best first: the top of the prefilter's rows by the metric,
     * scoring the candidates first when the run has no prefilter rows yet.
     */
    List<ArchDesc> warmup(SparkContext sc, Broadcast<String> config, SearchSettings settings, ArchSpace space,
                          UnaryOperator<ArchDesc> canonical, RunFolder run, String version, PrintStream progress)
            throws IOException, InterruptedException {
        Path folder = new Path(run.root().resolve(FOLDER).uri());
        Configuration hadoop = new Configuration();
        List<CandidateRow> rows = TableFiles.readAll(folder, hadoop);
        if (rows.isEmpty()) {
            rows = score(sc, config, settings, space, canonical, folder, hadoop, version);
            run.log("prefilter: " + rows.size() + " candidates scored by " + ESTIMATOR + " into " + folder);
            progress.println("prefilter: " + rows.size() + " candidates scored, the search starts with the top " + top
                    + " by " + metric);
        } else {
            run.log("prefilter: " + rows.size() + " candidates read back from " + folder);
        }
        Map<String, CandidateRow> byId = new LinkedHashMap<>();
        rows.forEach(r -> byId.putIfAbsent(r.candidateId(), r));
        return byId.values().stream()
                .filter(r -> r.status() == CandidateStatus.OK && r.score() != null && Double.isFinite(r.score()))
                .sorted(Comparator.comparingDouble((CandidateRow r) -> -r.score()).thenComparingLong(CandidateRow::seq))
                .limit(top).map(r -> ArchDesc.parseCanonical(r.archDesc())).toList();
    }

    private List<CandidateRow> score(SparkContext sc, Broadcast<String> config, SearchSettings settings, ArchSpace space,
                                     UnaryOperator<ArchDesc> canonical, Path folder, Configuration hadoop, String version)
            throws IOException, InterruptedException {
        Rng rng = new Rng(settings.seed() * 0x9E3779B97F4A7C15L + 17);
        Map<String, Trial> trials = new LinkedHashMap<>();
        long limit = Math.min(candidates, space.sizeOrMax());
        for (int tries = 0; trials.size() < limit && tries < 100 * candidates; tries++) {
            ArchDesc d = canonical.apply(space.desc(space.sample(rng)));
            trials.putIfAbsent(d.hash(), Trial.of(trials.size(), d, Seeds.candidateSeed(settings.seed(), d), 0, 0, null));
        }
        TrialDispatcher dispatcher = new TrialDispatcher(sc, config, null, settings, ESTIMATOR);
        List<Trial> all = new ArrayList<>(trials.values());
        int chunk = Math.max(1, all.size() / (4 * dispatcher.slots()));
        dispatcher.submit(all, chunk);
        CandidateRow.Stamp stamp = new CandidateRow.Stamp(settings.runId(), "prefilter", settings.configHash(), version, false);
        List<CandidateRow> rows = new ArrayList<>();
        try (ParquetAppender out = new ParquetAppender(folder, hadoop, Math.max(1, all.size()), 3600)) {
            while (rows.size() < all.size()) {
                TrialDispatcher.Event e = dispatcher.poll(1_000_000_000L);
                if (e == null) {
                    continue;
                }
                if (e.failedJob() != null) {
                    throw new IllegalStateException("the prefilter's Spark job failed: " + e.failure(), e.failure());
                }
                for (Trial t : e.finished()) {
                    Trial.Result r = t.result();
                    Double value = r.metrics().get(metric);
                    boolean ok = r.status() == CandidateStatus.OK && value != null;
                    CandidateRow row = CandidateRow.of(t, stamp, ok ? CandidateStatus.OK : CandidateStatus.FAILED,
                            ok ? value : null);
                    rows.add(row);
                    out.append(row);
                }
            }
        }
        return rows;
    }
}
