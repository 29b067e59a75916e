package org.modnas.spark.replay;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.Supplier;
import org.modnas.core.arch.ArchDesc;
import org.modnas.core.optim.DiscreteOptimizer;
import org.modnas.core.optim.Observation;
import org.modnas.core.optim.Proposal;
import org.modnas.core.schedule.Decision;
import org.modnas.core.schedule.TrialScheduler;

/**
 * A search replayed on a {@link GroundTruth}: the optimizer proposes, the scheduler promotes, and
 * each trial's result is the table's row, after the time that slice of training took when the table
 * was made, on a simulated clock with {@code slots} candidates running at once. The driver's rules
 * hold: promotions before new candidates, the scheduler's decision before the optimizer is told, a
 * candidate told once, when it stops training; the search stops at its budget of seconds. Thousands
 * of replays take seconds, so optimizers and schedulers can be compared over many seeds.
 */
public final class ReplaySearch {
    /** The incumbent after a result: the best value of a fully trained candidate so far, at that time. */
    public record Step(double seconds, int started, int fullyTrained, double incumbent) {
    }

    /**
     * What a replay found.
     *
     * @param steps            the incumbent after each result that changed it
     * @param incumbent        the best value of a fully trained candidate within the budget (NaN: none)
     * @param started          candidates started
     * @param fullyTrained     candidates trained to their last rung
     * @param trainedSeconds   training time spent, summed over slots
     */
    public record Outcome(List<Step> steps, double incumbent, int started, int fullyTrained, double trainedSeconds) {
        /** How many candidates were fully trained when the incumbent first reached {@code value}; -1 if it never did. */
        public int trainedToReach(double value) {
            for (Step s : steps) {
                if (s.incumbent() >= value) {
                    return s.fullyTrained();
                }
            }
            return -1;
        }

        /** The incumbent at {@code seconds} into the search (NaN before any candidate was fully trained). */
        public double incumbentAt(double seconds) {
            double v = Double.NaN;
            for (Step s : steps) {
                if (s.seconds() > seconds) {
                    break;
                }
                v = s.incumbent();
            }
            return v;
        }
    }

    private record Running(double end, long seq, ArchDesc desc, int bracket, int rung) {
    }

    private record Result(Running trial, double value, TrialScheduler.Fate fate) {
    }

    private final GroundTruth truth;
    private final Supplier<DiscreteOptimizer> optimizers;
    private final Supplier<TrialScheduler> schedulers;
    private final String metric;
    private final int slots;
    private final java.util.function.Supplier<List<ArchDesc>> warmups;

    /**
     * @param schedulers makes the scheduler of a replay; null, or one that gives null: no early stopping
     * @param metric     the table's metric the search maximises (e.g. accuracy)
     */
    public ReplaySearch(GroundTruth truth, Supplier<DiscreteOptimizer> optimizers, Supplier<TrialScheduler> schedulers,
                        String metric, int slots) {
        this(truth, optimizers, schedulers, metric, slots, List::of);
    }

    /**
     * A replay whose search starts with the candidates {@code warmups} gives (a zero-cost prefilter's
     * best), before the optimizer is asked for any, as {@code search.prefilter} does.
     */
    public ReplaySearch(GroundTruth truth, Supplier<DiscreteOptimizer> optimizers, Supplier<TrialScheduler> schedulers,
                        String metric, int slots, Supplier<List<ArchDesc>> warmups) {
        if (slots < 1) {
            throw new IllegalArgumentException("a replay needs at least one slot, got " + slots);
        }
        this.truth = truth;
        this.optimizers = optimizers;
        this.schedulers = schedulers == null ? () -> null : schedulers;
        this.metric = metric;
        this.slots = slots;
        this.warmups = warmups;
    }

    /** Replays one search of {@code budgetSeconds} of simulated wall time. */
    public Outcome run(double budgetSeconds) {
        return new Run(optimizers.get(), schedulers.get(), budgetSeconds, warmups.get()).run();
    }

    private final class Run {
        private final DiscreteOptimizer optimizer;
        private final TrialScheduler scheduler;
        private final double budget;
        private final PriorityQueue<Running> running = new PriorityQueue<>((a, b) -> a.end() != b.end()
                ? Double.compare(a.end(), b.end()) : Long.compare(a.seq(), b.seq()));
        private final Map<String, Running> firsts = new HashMap<>();
        private final List<Result> pending = new ArrayList<>();
        private final List<Step> steps = new ArrayList<>();
        private double clock;
        private long seq;
        private int fullyTrained;
        private double trainedSeconds;
        private double incumbent = Double.NaN;
        private final java.util.ArrayDeque<ArchDesc> warmup;

        Run(DiscreteOptimizer optimizer, TrialScheduler scheduler, double budget, List<ArchDesc> warmup) {
            this.optimizer = optimizer;
            this.scheduler = scheduler;
            this.budget = budget;
            this.warmup = new java.util.ArrayDeque<>(warmup);
        }

        Outcome run() {
            fill();
            while (!running.isEmpty()) {
                Running r = running.poll();
                if (r.end() > budget) {
                    break; // what would finish after the budget never reports
                }
                clock = r.end();
                double value = point(r).metric(metric);
                TrialScheduler.Fate fate = scheduler == null || !Double.isFinite(value) ? null
                        : scheduler.report(r.desc().hash(), r.bracket(), r.rung(), value);
                pending.add(new Result(r, value, fate));
                fill(); // promotions the result allows are decided before anyone is told
                tellStopped();
                fill();
            }
            return new Outcome(List.copyOf(steps), incumbent, firsts.size(), fullyTrained, trainedSeconds);
        }

        private GroundTruth.Point point(Running r) {
            return truth.at(r.desc(), scheduler == null ? null : scheduler.rungs(r.bracket()).resource(r.rung()));
        }

        private void fill() {
            while (running.size() < slots && clock < budget) {
                Decision.Promote p = scheduler == null ? null : scheduler.promote();
                if (p != null) {
                    Running first = firsts.get(p.trial());
                    start(first.desc(), first.seq(), first.bracket(), p.rung());
                    continue;
                }
                ArchDesc desc;
                if (!warmup.isEmpty()) {
                    desc = warmup.poll();
                    if (firsts.containsKey(desc.hash())) {
                        continue;
                    }
                } else {
                    List<Proposal> proposals = optimizer.propose(1);
                    if (proposals.isEmpty()) {
                        return;
                    }
                    desc = proposals.get(0).desc();
                    if (firsts.containsKey(desc.hash())) {
                        continue; // a warm-up candidate the optimizer proposes again: it was told already
                    }
                }
                long s = seq++;
                Running first = start(desc, s, scheduler == null ? 0 : scheduler.bracketOf(s), 0);
                firsts.put(desc.hash(), first);
            }
        }

        private Running start(ArchDesc desc, long s, int bracket, int rung) {
            Running probe = new Running(0, s, desc, bracket, rung);
            double seconds = scheduler == null ? truth.get(desc).fullSeconds() : point(probe).seconds();
            Running r = new Running(clock + seconds, s, desc, bracket, rung);
            trainedSeconds += Math.min(seconds, Math.max(0, budget - clock));
            running.add(r);
            return r;
        }

        /** Tells the optimizer of the candidates that train no further, and updates the incumbent. */
        private void tellStopped() {
            for (Result a : pending) {
                Running t = a.trial();
                boolean continues = a.fate() == TrialScheduler.Fate.CONTINUE || (a.fate() == TrialScheduler.Fate.PAUSE
                        && scheduler.isPromoted(t.desc().hash(), t.bracket(), t.rung()));
                if (continues) {
                    continue;
                }
                optimizer.observe(List.of(new Observation(t.desc(), a.value(), t.rung())));
                boolean full = scheduler == null || a.fate() == TrialScheduler.Fate.COMPLETE;
                if (full && Double.isFinite(a.value())) {
                    fullyTrained++;
                    if (Double.isNaN(incumbent) || a.value() > incumbent) {
                        incumbent = a.value();
                        steps.add(new Step(clock, firsts.size(), fullyTrained, incumbent));
                    }
                }
            }
            pending.clear();
        }
    }
}
