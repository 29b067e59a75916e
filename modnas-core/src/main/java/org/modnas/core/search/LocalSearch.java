package org.modnas.core.search;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.modnas.core.estim.CandidateContext;
import org.modnas.core.estim.CandidateEstimator;
import org.modnas.core.estim.CandidateResult;
import org.modnas.core.estim.CandidateRunner;
import org.modnas.core.objective.Objective;
import org.modnas.core.optim.DiscreteOptimizer;
import org.modnas.core.optim.Observation;
import org.modnas.core.optim.Proposal;

/**
 * A search in one process: a discrete optimizer proposes one candidate at a time, the
 * candidate estimator evaluates it through {@link CandidateRunner} (the very unit a Spark task
 * runs), the objective scores it and the optimizer learns from it, until the budget is spent or
 * the space is exhausted. A fault in one candidate ends that candidate only.
 */
public final class LocalSearch {
    private final DiscreteOptimizer optimizer;
    private final CandidateEstimator estimator;
    private final Objective objective;
    private final Budget budget;
    private final long runSeed;
    private final double timeoutSeconds;
    private final int threads;

    public LocalSearch(DiscreteOptimizer optimizer, CandidateEstimator estimator, Objective objective, Budget budget,
                       long runSeed, double timeoutSeconds, int threads) {
        this.optimizer = optimizer;
        this.estimator = estimator;
        this.objective = objective;
        this.budget = budget;
        this.runSeed = runSeed;
        this.timeoutSeconds = timeoutSeconds;
        this.threads = threads;
    }

    /** Runs the search, handing each finished candidate to {@code sink} as it ends; returns them all. */
    public List<CandidateRecord> run(Consumer<CandidateRecord> sink) {
        List<CandidateRecord> done = new ArrayList<>();
        long start = System.nanoTime();
        long seq = 0;
        while (done.size() < budget.candidates()) {
            if (budget.seconds() > 0 && (System.nanoTime() - start) / 1e9 >= budget.seconds()) {
                break;
            }
            List<Proposal> ps = optimizer.propose(1);
            if (ps.isEmpty()) {
                // a sequential loop has no results outstanding: an empty answer means the space is exhausted
                break;
            }
            Proposal p = ps.get(0);
            long seed = Seeds.candidateSeed(runSeed, p.desc());
            CandidateResult r = CandidateRunner.run(estimator, p.desc(), CandidateContext.cpu(seed, threads), timeoutSeconds);
            double score = r.ok() ? objective.score(r.metrics()) : Double.NaN;
            optimizer.observe(List.of(new Observation(p.desc(), score)));
            CandidateRecord rec = new CandidateRecord(seq++, p.generation(), seed, r, score);
            done.add(rec);
            sink.accept(rec);
            if (budget.reached(score)) {
                break;
            }
        }
        return done;
    }
}
