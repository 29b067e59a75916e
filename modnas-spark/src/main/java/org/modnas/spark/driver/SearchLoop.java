package org.modnas.spark.driver;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import java.util.function.UnaryOperator;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.modnas.core.arch.ArchDesc;
import org.modnas.core.estim.CandidateStatus;
import org.modnas.core.estim.Fidelity;
import org.modnas.core.optim.DiscreteOptimizer;
import org.modnas.core.optim.Observation;
import org.modnas.core.optim.Proposal;
import org.modnas.core.schedule.Decision;
import org.modnas.core.schedule.HyperbandScheduler;
import org.modnas.core.schedule.Rungs;
import org.modnas.core.schedule.TrialScheduler;
import org.modnas.core.search.CandidateRecord;
import org.modnas.core.search.Seeds;
import org.modnas.spark.executor.SupernetBroadcast;
import org.modnas.spark.table.CandidateRow;
import org.modnas.spark.trial.Trial;

/**
 * A distributed search: the study that asks the optimizer for candidates, lets the multi-fidelity
 * scheduler decide which continue, ships trials through the {@link TrialDispatcher}, keeps their
 * rows in the {@link TrialStore}, and resumes a killed run.
 *
 * <p><b>Shipping.</b> Trials ship as Spark jobs submitted asynchronously; each task runs a short
 * chunk of trials one after another and returns them with their results, which arrive on a queue
 * as soon as the task ends. This thread, the only one touching the optimizer and the scheduler,
 * records the results and ships the next trials at once, keeping every task slot busy: first the
 * trials to ship again, then the scheduler's promotions, then new candidates from the optimizer.
 * The chunk size adapts to the measured trial time: {@code spark.task_target_s} of work per task,
 * at most {@code spark.max_candidates_per_task}, and one trial per task as soon as a trial takes
 * longer than the target. This keeps Spark's task semantics unchanged (a lost executor's task is
 * rerun by Spark and its trials come back once, the first result per (candidate, rung) wins), needs
 * no side channel between executors and driver, and keeps GPU binding per task. Optimizers that
 * wait for a generation simply propose nothing until it is complete.
 *
 * <p><b>Early stopping.</b> Without {@code search.scheduler} every candidate is one trial of its
 * estimator's whole training. With one, a candidate's first trial trains to the bottom rung and
 * leaves a checkpoint; the scheduler decides when it reports whether it continues, stops for good
 * or (ASHA) pauses; a promotion is a new trial of the same candidate at the next rung, continued
 * from that checkpoint by whichever executor runs it. A row is written after the promotions its
 * result allowed, so its status says whether the candidate went on (OK) or stopped there (PRUNED).
 * The optimizer is told a candidate's score once, when it stops training, with the rung it reached.
 * The candidate budget counts candidates started; promotions continue after the last one started.
 *
 * <p><b>Resume.</b> The rows of the table are read first: candidates with a row count towards the
 * budget, and the scheduler is told every row again in the order they finished, so it promotes what
 * it would have promoted. When {@code optimizer/snapshot.json} matches the optimizer and config, the
 * optimizer's state is restored from it: rows it already covers are not told again, candidates
 * proposed without a row when it was written are told their row or shipped again, and newer rows
 * are told to the optimizer when it proposes them again. Without a usable snapshot a fresh
 * optimizer replays the whole table the same way. A snapshot is written only when every result it
 * covers is in the table, so a killed and rerun search evaluates each (candidate, rung) once.
 */
final class SearchLoop {

    private final SparkSession spark;
    private final SearchSettings settings;
    private final Supplier<DiscreteOptimizer> newOptimizer;
    private final Supplier<TrialScheduler> newScheduler;
    private final UnaryOperator<ArchDesc> canonical;
    private final ToDoubleFunction<Map<String, Double>> objective;
    private final RunFolder run;
    private final Broadcast<String> config;
    private final SupernetBroadcast supernet;
    private final String version;
    private final PrintStream err;
    /** The prefilter's best candidates, started before the optimizer is asked for any. */
    private final Deque<Proposal> warmup = new ArrayDeque<>();

    private DiscreteOptimizer optimizer;
    /** Null: every candidate is one trial of its whole training. */
    private TrialScheduler scheduler;
    private TrialDispatcher dispatcher;
    private TrialStore store;
    private CandidateRow.Stamp stamp;

    /** A trial shipped and not yet back, by {@link Trial#key()}. */
    private final Map<String, InFlight> inFlight = new HashMap<>();
    /** Trials to ship before anything else (proposed without a row in an earlier session). */
    private final Deque<Trial> reship = new ArrayDeque<>();
    /** Keys of trials shipped again alone after their job failed: a second failure is a FAILED row. */
    private final Set<String> retried = new HashSet<>();
    /** First trials given up on (time budget): a resumed run ships them again. */
    private final List<Trial> abandoned = new ArrayList<>();
    /** Results whose row waits for the promotions they allow. */
    private final List<Result> awaitingRow = new ArrayList<>();
    /** Every row, each candidate's final one and the best. */
    private final TrialRows table = new TrialRows();
    /** Each candidate started in this run, as its first trial (what a promotion continues). */
    private final Map<String, Trial> candidates = new HashMap<>();
    /** Candidates whose score the optimizer was told in this session. */
    private final Set<String> told = new HashSet<>();
    /** The descs the optimizer proposed for each candidate (several when they name the same network): each is told. */
    private final Map<String, List<ArchDesc>> proposedAs = new HashMap<>();
    /** Keys of trials paused at a rung whose checkpoint a later promotion may still need (ASHA). */
    private final Set<String> paused = new LinkedHashSet<>();
    private long nextSeq;
    private int evaluatedHere;
    private int replayed;
    private int jobFailuresInARow;
    /** FAILED or TIMEOUT results in a row, in the order they arrived; an OK one resets it. */
    private int candidateFailuresInARow;
    private String lastError;
    /** Set when a task reported that no candidate can run (e.g. no GPU support): the search stops. */
    private String fatalError;
    private double meanTrialSeconds = Double.NaN;

    private record InFlight(Trial trial, TrialDispatcher.Job job) {
    }

    /** A trial back from an executor with its score and the scheduler's decision (null without one). */
    private record Result(Trial trial, Double score, TrialScheduler.Fate fate) {
    }

    SearchLoop(SparkSession spark, SearchSettings settings, Supplier<DiscreteOptimizer> newOptimizer,
               Supplier<TrialScheduler> newScheduler, UnaryOperator<ArchDesc> canonical,
               ToDoubleFunction<Map<String, Double>> objective, RunFolder run,
               Broadcast<String> config, SupernetBroadcast supernet, String version, PrintStream err, List<ArchDesc> warmup) {
        this.spark = spark;
        this.settings = settings;
        this.newOptimizer = newOptimizer;
        this.newScheduler = newScheduler;
        this.canonical = canonical;
        this.objective = objective;
        this.run = run;
        this.config = config;
        this.supernet = supernet;
        this.version = version;
        this.err = err;
        warmup.forEach(d -> this.warmup.add(new Proposal(d, 0)));
    }

    SearchSummary run() throws IOException, InterruptedException {
        long start = System.nanoTime();
        scheduler = newScheduler.get();
        stamp = new CandidateRow.Stamp(settings.runId(), settings.optimizerType(), settings.configHash(), version,
                scheduler instanceof HyperbandScheduler);
        dispatcher = new TrialDispatcher(spark.sparkContext(), config, supernet, settings);
        Progress progress = new Progress(err, settings.progress(), settings.budgetCandidates(), settings.budgetSeconds());
        long deadline = settings.budgetSeconds() > 0 ? start + (long) (settings.budgetSeconds() * 1e9) : Long.MAX_VALUE;
        String stopReason = null;
        try (TrialStore trials = new TrialStore(spark, run, settings)) {
            store = trials;
            loadRows();
            optimizer = newOptimizer.get();
            restoreSnapshot();
            run.log("search " + settings.runId() + ": budget " + settings.budgetCandidates() + " candidates, "
                    + table.candidates() + " already in the table, " + dispatcher.slots() + " task slots, optimizer "
                    + settings.optimizerType() + ", estimator " + settings.estimatorPath()
                    + (scheduler == null ? "" : ", scheduler " + scheduler.getClass().getSimpleName() + " over "
                    + scheduler.unit().label() + " " + scheduler.rungs(0).resources()));
            long lastSnapshot = System.nanoTime();
            try {
                while (true) {
                    if (stopReason == null) {
                        stopReason = stopReason(deadline);
                        if ("time budget".equals(stopReason) || failedTooOften() || fatalError != null) {
                            cancelInFlight();
                        }
                    }
                    if (stopReason == null) {
                        fill();
                    }
                    writeRows();
                    if (inFlight.isEmpty()) {
                        if (stopReason == null) {
                            stopReason = candidates.size() >= settings.budgetCandidates() ? "candidate budget"
                                    : optimizer.isExhausted() ? "optimizer exhausted" : "optimizer has no proposal";
                        }
                        break;
                    }
                    long waitNanos = Math.min(200_000_000L, Math.max(1_000_000L, deadline - System.nanoTime()));
                    TrialDispatcher.Event e = dispatcher.poll(waitNanos);
                    while (e != null) {
                        handle(e);
                        e = dispatcher.pollNow();
                    }
                    trials.maybeFlush();
                    progress.update(table.candidates(), evaluatedHere, inFlight.size(), table.bestScore(), false);
                    if (System.nanoTime() - lastSnapshot > settings.snapshotSeconds() * 1e9) {
                        writeRows();
                        trials.sync(); // a snapshot covers only results already in the table
                        snapshot();
                        lastSnapshot = System.nanoTime();
                    }
                }
            } finally {
                cancelInFlight();
                writeRows();
                progress.update(table.candidates(), evaluatedHere, 0, table.bestScore(), true);
                progress.finish();
            }
        }
        snapshot();
        double wall = (System.nanoTime() - start) / 1e9;
        Map<String, Integer> byStatus = table.byStatus();
        run.log("search " + settings.runId() + " stopped (" + stopReason + ") after " + String.format("%.1f", wall)
                + " s: " + evaluatedHere + " evaluated here, " + replayed + " replayed, " + table.candidates()
                + " candidates in the table, by status " + byStatus
                + (scheduler == null ? "" : ", " + table.size() + " rung rows, checkpoints left " + store.checkpointBytes() + " bytes")
                + ", best " + (table.best() == null ? "none" : table.best().candidateId() + " score " + table.best().score())
                + "; " + store.timing(evaluatedHere));
        return new SearchSummary(settings.runId(), settings.runDir(), table.candidates(), evaluatedHere, replayed,
                Map.copyOf(byStatus), table.best() == null ? null : table.best().candidateId(), table.bestScore(),
                table.best() == null ? null : table.best().archDesc(), stopReason, failedTooOften() || fatalError != null,
                fatalError != null ? fatalError : lastError, wall);
    }

    /** Every candidate of the run (resumed ones included) at its final row, as {@code SearchOutputs} writes them, in seq order. */
    List<CandidateRecord> records() {
        return table.records();
    }

    private String stopReason(long deadline) {
        if (fatalError != null) {
            return "a fault no candidate can escape";
        }
        if (failedTooOften()) {
            return candidateFailuresInARow + " candidates in a row failed (search.budget.max_failures = "
                    + settings.maxFailures() + ")";
        }
        if (System.nanoTime() - deadline >= 0) {
            return "time budget";
        }
        Double target = settings.targetScore();
        if (target != null && ((table.best() != null && table.best().score() >= target)
                || awaitingRow.stream().anyMatch(a -> a.score() != null && a.score() >= target
                        && (a.fate() == null || a.fate() == TrialScheduler.Fate.COMPLETE)))) {
            return "target score";
        }
        return null;
    }

    private boolean failedTooOften() {
        return settings.maxFailures() > 0 && candidateFailuresInARow >= settings.maxFailures();
    }

    /** Trials per task: {@code spark.task_target_s} of measured work, within 1..max_candidates_per_task. */
    int chunkSize() {
        if (Double.isNaN(meanTrialSeconds) || settings.taskTargetSeconds() <= 0) {
            return 1;
        }
        double n = settings.taskTargetSeconds() / Math.max(meanTrialSeconds, 1e-4);
        return (int) Math.max(1, Math.min(settings.maxCandidatesPerTask(), Math.floor(n)));
    }

    /**
     * Ships as many trials as the free task slots (plus the queue depth) hold, as one job: trials to
     * ship again first, then the scheduler's promotions, then new candidates while the budget allows.
     * With a queue depth, Spark always holds queued tasks, so a slot that frees starts its next task
     * at once, and the loop waits for half the queue to drain before shipping again, so jobs carry
     * several tasks each.
     */
    private void fill() {
        int chunk = chunkSize();
        int slots = dispatcher.slots();
        int capacity = (slots + settings.queueDepth()) * chunk;
        int minBatch = Math.max(1, settings.queueDepth() / 2) * chunk;
        while (inFlight.size() < capacity) {
            int free = capacity - inFlight.size();
            if (inFlight.size() >= slots * chunk && free < minBatch) {
                return;
            }
            List<Trial> batch = new ArrayList<>();
            while (!reship.isEmpty() && batch.size() < free) {
                batch.add(reship.poll());
            }
            while (scheduler != null && batch.size() < free) {
                Decision.Promote p = scheduler.promote();
                if (p == null) {
                    break;
                }
                batch.add(promotion(p));
            }
            boolean proposed = false;
            int remaining = settings.budgetCandidates() - candidates.size();
            while (!warmup.isEmpty() && batch.size() < free && settings.budgetCandidates() - candidates.size() > 0) {
                Trial t = proposal(warmup.poll());
                proposed = true;
                if (t != null) {
                    batch.add(t);
                }
            }
            remaining = settings.budgetCandidates() - candidates.size();
            if (batch.size() < free && remaining > 0) {
                List<Proposal> proposals = optimizer.propose(Math.min(free - batch.size(), remaining));
                proposed = !proposals.isEmpty();
                for (Proposal p : proposals) {
                    Trial t = proposal(p);
                    if (t != null) {
                        batch.add(t);
                    }
                }
            }
            if (!batch.isEmpty()) {
                submit(batch, chunk);
            } else if (!proposed) {
                return;
            }
        }
    }

    /**
     * What becomes of a proposal: its candidate is the canonical form of its desc, so descs naming
     * the same network are one candidate, evaluated once. A candidate told already is told again under
     * this desc; one evaluated by an earlier session of this run is told its row; one running now is
     * told with its result; a new one becomes a trial (returned).
     */
    private Trial proposal(Proposal p) {
        ArchDesc desc = canonical.apply(p.desc());
        String id = desc.hash();
        proposedAs.computeIfAbsent(id, k -> new ArrayList<>()).add(p.desc());
        CandidateRow done = table.last(id);
        if (told.contains(id)) {
            optimizer.observe(List.of(observation(p.desc(), done)));
            replayed++;
            return null;
        }
        if (done != null && !training(id)) {
            tell(done);
            replayed++;
            return null;
        }
        if (candidates.containsKey(id)) {
            return null;
        }
        long seq = nextSeq++;
        int bracket = scheduler == null ? 0 : scheduler.bracketOf(seq);
        Trial t = Trial.of(seq, desc, Seeds.candidateSeed(settings.seed(), desc), p.generation(), bracket, slice(id, bracket, 0));
        candidates.put(id, t);
        return t;
    }

    /** Whether a candidate is still training: a trial of it is running or waiting, or a scheduler promoted it past its last row. */
    private boolean training(String id) {
        if (inFlight.values().stream().anyMatch(f -> f.trial().candidateId().equals(id))
                || reship.stream().anyMatch(t -> t.candidateId().equals(id))
                || awaitingRow.stream().anyMatch(a -> a.trial().candidateId().equals(id))) {
            return true;
        }
        CandidateRow last = table.last(id);
        return scheduler != null && last != null && last.ok() && last.rung() < scheduler.rungs(bracketOf(last)).count() - 1;
    }

    private static Observation observation(ArchDesc desc, CandidateRow row) {
        return new Observation(desc, row.score() == null ? Double.NaN : row.score(), row.rung());
    }

    /** The trial continuing a candidate to the rung it was promoted to, from its checkpoint at the rung below. */
    private Trial promotion(Decision.Promote p) {
        Trial first = candidates.get(p.trial());
        paused.remove(Trial.key(p.trial(), p.rung() - 1));
        return first.promoted(p.rung(), slice(p.trial(), first.bracket(), p.rung()));
    }

    /** The slice of training from rung {@code rung - 1} (or nothing) to {@code rung}; null without a scheduler. */
    private Fidelity slice(String candidateId, int bracket, int rung) {
        if (scheduler == null) {
            return null;
        }
        Rungs rungs = scheduler.rungs(bracket);
        boolean last = rung == rungs.count() - 1;
        return new Fidelity(scheduler.unit(), rung == 0 ? 0 : rungs.resource(rung - 1), rungs.resource(rung),
                rungs.maxResource(), rung == 0 ? null : store.checkpoint(candidateId, rung - 1),
                last ? null : store.checkpoint(candidateId, rung));
    }

    private void submit(List<Trial> batch, int chunk) {
        TrialDispatcher.Job job = dispatcher.submit(batch, chunk);
        for (Trial t : batch) {
            inFlight.put(t.key(), new InFlight(t, job));
        }
    }

    private void handle(TrialDispatcher.Event e) {
        if (e.failedJob() != null) {
            jobFailed(e.failedJob(), e.failure());
            return;
        }
        for (Trial t : e.finished()) {
            if (inFlight.remove(t.key()) == null) {
                continue; // cancelled, or already handled
            }
            jobFailuresInARow = 0;
            Trial.Result r = t.result();
            double seconds = Math.max(0, r.finishedAtMs() - r.startedAtMs()) / 1000.0;
            meanTrialSeconds = Double.isNaN(meanTrialSeconds) ? seconds : 0.8 * meanTrialSeconds + 0.2 * seconds;
            finish(t);
        }
    }

    /**
     * A job Spark gave up on (a task failed {@code spark.task.maxFailures} times, which for our
     * tasks means lost executors or a broken set-up, since candidate faults are results). Its trials
     * without a result are shipped again alone, once, from the same checkpoint; a trial whose own job
     * fails too gets a FAILED row. Repeated failures before any success stop the search.
     */
    private void jobFailed(TrialDispatcher.Job job, Throwable failure) {
        List<Trial> again = new ArrayList<>();
        for (Trial t : job.trials()) {
            InFlight f = inFlight.get(t.key());
            if (f == null || f.job() != job) {
                continue; // has its result, or was cancelled
            }
            inFlight.remove(t.key());
            if (retried.add(t.key())) {
                again.add(t);
                continue;
            }
            jobFailuresInARow++;
            String error = "Spark could not run the candidate's task: " + failure;
            run.log("candidate #" + t.seq() + " " + t.candidateId() + " rung " + t.rung() + ": " + error);
            finish(t.with(Trial.Result.driverFailure(error)));
            if (jobFailuresInARow >= 3 && evaluatedHere == jobFailuresInARow) {
                throw new IllegalStateException("the first candidate tasks all failed in Spark itself, stopping: "
                        + failure, failure);
            }
        }
        if (!again.isEmpty()) {
            run.log("job " + job.id() + " failed (" + failure + "); shipping its " + again.size() + " unfinished trials again");
        }
        for (Trial t : again) {
            submit(List.of(t), 1);
        }
    }

    /** Scores a returned trial and lets the scheduler decide; its row is written after the next fill. */
    private void finish(Trial t) {
        if (table.has(t.key()) || awaitingRow.stream().anyMatch(a -> a.trial().key().equals(t.key()))) {
            return;
        }
        Trial.Result r = t.result();
        Double score = null;
        TrialScheduler.Fate fate = null;
        if (r.status() == CandidateStatus.OK) {
            double s = objective.applyAsDouble(r.metrics());
            score = Double.isFinite(s) ? s : null;
            if (scheduler != null && score != null) {
                fate = scheduler.report(t.candidateId(), t.bracket(), t.rung(), score);
            }
            candidateFailuresInARow = 0;
        } else {
            candidateFailuresInARow++;
            lastError = r.error() == null ? r.status().name() : r.error().lines().findFirst().orElse(r.status().name());
            if (r.fatal() && fatalError == null) {
                fatalError = r.error();
            }
            run.log("candidate #" + t.seq() + " " + t.candidateId() + " rung " + t.rung() + " " + r.status() + ": " + lastError);
        }
        evaluatedHere++;
        awaitingRow.add(new Result(t, score, fate));
    }

    /**
     * Writes the rows of the results back since the last fill: PRUNED when the scheduler stopped the
     * candidate there (for good, or paused and not promoted by now), else the executor's status. A
     * candidate that trains no further is told to the optimizer; checkpoints nothing can continue
     * from any more are deleted once the table holds this row.
     */
    private void writeRows() {
        for (Result a : awaitingRow) {
            Trial t = a.trial();
            CandidateStatus status = t.result().status();
            boolean continues = false;
            if (a.fate() != null) {
                switch (a.fate()) {
                    case CONTINUE -> continues = true;
                    case PAUSE -> {
                        continues = scheduler.isPromoted(t.candidateId(), t.bracket(), t.rung());
                        if (!continues) {
                            paused.add(t.key());
                        }
                    }
                    case STOP -> {
                    }
                    case COMPLETE -> {
                    }
                }
                if (!continues && a.fate() != TrialScheduler.Fate.COMPLETE) {
                    status = CandidateStatus.PRUNED;
                }
            }
            CandidateRow row = CandidateRow.of(t, stamp, status, a.score());
            store.append(row);
            table.add(row);
            if (scheduler != null) {
                if (t.rung() > 0) {
                    store.deleteLater(t.candidateId(), t.rung() - 1);
                }
                if (a.fate() == TrialScheduler.Fate.PAUSE && !continues) {
                    deleteHopeless(t.rung());
                } else if (!continues) {
                    store.deleteAllLater(t.candidateId());
                }
            }
            if (!continues) {
                tell(row);
            }
        }
        awaitingRow.clear();
    }

    /** Deletes the checkpoints of paused trials at {@code rung} that no rung can ever promote now. */
    private void deleteHopeless(int rung) {
        for (var it = paused.iterator(); it.hasNext(); ) {
            CandidateRow r = table.row(it.next());
            if (r != null && r.rung() == rung && scheduler.hopeless(r.candidateId(), bracketOf(r), rung, settings.budgetCandidates())) {
                store.deleteAllLater(r.candidateId());
                it.remove();
            }
        }
    }

    private static int bracketOf(CandidateRow r) {
        return r.bracket() == null ? 0 : r.bracket();
    }

    /** Tells the optimizer a candidate's score, under every desc it proposed for it, once. */
    private void tell(CandidateRow row) {
        if (told.add(row.candidateId())) {
            List<ArchDesc> descs = proposedAs.getOrDefault(row.candidateId(), List.of(ArchDesc.parseCanonical(row.archDesc())));
            List<Observation> out = new ArrayList<>();
            for (ArchDesc d : descs) {
                out.add(observation(d, row));
            }
            optimizer.observe(out);
        }
    }

    private void cancelInFlight() {
        for (InFlight f : inFlight.values()) {
            TrialDispatcher.cancel(f.job());
            if (f.trial().rung() == 0) {
                abandoned.add(f.trial());
            }
        }
        inFlight.clear();
    }

    /**
     * Reads the run's rows so nothing is evaluated twice, and tells the scheduler each again in the
     * order they finished (a row at rung k > 0 means its candidate was promoted from k - 1).
     */
    private void loadRows() {
        List<CandidateRow> loaded = TrialStore.load(spark, run);
        long maxSeq = -1;
        boolean otherConfig = false;
        for (CandidateRow r : loaded) {
            table.add(r);
            candidates.putIfAbsent(r.candidateId(), new Trial(r.seq(), r.candidateId(), r.archDesc(), r.seed(),
                    r.generation(), bracketOf(r), 0, slice(r.candidateId(), bracketOf(r), 0), null));
            maxSeq = Math.max(maxSeq, r.seq());
            otherConfig |= !settings.configHash().equals(r.configHash());
        }
        nextSeq = maxSeq + 1;
        if (scheduler != null) {
            // the decisions as they were taken: a scored row below the top was promoted when its next rung has a
            // row or when it says OK (the promotion was running when the driver stopped: it runs again)
            List<CandidateRow> byFinish = new ArrayList<>(loaded);
            byFinish.sort(Comparator.comparingLong((CandidateRow r) -> r.finishedAtMs() == null ? 0 : r.finishedAtMs())
                    .thenComparingLong(CandidateRow::seq).thenComparingInt(CandidateRow::rung));
            for (CandidateRow r : byFinish) {
                if (!r.scored() || r.score() == null) {
                    continue;
                }
                boolean next = table.has(Trial.key(r.candidateId(), r.rung() + 1));
                boolean top = r.rung() == scheduler.rungs(bracketOf(r)).count() - 1;
                boolean promoted = !top && (next || r.ok());
                scheduler.restore(r.candidateId(), bracketOf(r), r.rung(), r.score(), promoted);
                if (r.status() == CandidateStatus.PRUNED && !next) {
                    paused.add(r.key());
                }
                if (promoted && !next) {
                    Trial first = candidates.get(r.candidateId());
                    reship.add(first.promoted(r.rung() + 1, slice(r.candidateId(), bracketOf(r), r.rung() + 1)));
                }
            }
        }
        if (!loaded.isEmpty()) {
            run.log("resuming: " + table.candidates() + " candidates (" + loaded.size() + " rows) read from " + run.candidates());
        }
        if (otherConfig) {
            run.log("warning: some rows of " + run.candidates() + " were written with a different config (config_hash differs)");
            err.println("warning: resuming run " + settings.runId() + " whose table holds rows of a different config");
        }
    }

    /**
     * Restores the optimizer from {@code optimizer/snapshot.json} when the snapshot was written for this
     * optimizer and config and the table still holds every row it covers; otherwise keeps the fresh
     * optimizer, which replays the whole table.
     */
    private void restoreSnapshot() {
        if (table.isEmpty()) {
            return; // a new run, or one whose table is gone: nothing to resume
        }
        String why;
        try {
            OptimizerSnapshot snapshot = OptimizerSnapshot.read(run);
            why = snapshot == null ? "there is no snapshot" : restore(snapshot);
        } catch (IOException | RuntimeException e) {
            why = "the snapshot cannot be used (" + e + ")";
        }
        if (why != null) {
            optimizer = newOptimizer.get(); // a failed restore may have changed it half-way
            // drop the first trials a half-used snapshot queued; promotions the table decided stay
            reship.removeIf(t -> {
                if (t.rung() == 0) {
                    candidates.remove(t.candidateId());
                    return true;
                }
                return false;
            });
            told.clear();
            run.log("full replay: " + why + "; the optimizer is told each of the " + table.candidates()
                    + " candidates when it proposes that candidate again");
        }
    }

    /** Restores from a snapshot; returns why it cannot be used, or null when it was. */
    private String restore(OptimizerSnapshot snap) {
        if (!settings.optimizerType().equals(snap.optimizer())) {
            return "the snapshot is of optimizer " + snap.optimizer();
        }
        if (!settings.configHash().equals(snap.configHash())) {
            return "the snapshot was written for another config";
        }
        Set<Long> open = new HashSet<>();
        snap.unfinished().forEach(u -> open.add(u.seq()));
        long covered = table.finalRows().stream().filter(r -> r.seq() < snap.nextSeq() && !open.contains(r.seq())).count();
        if (covered < snap.coveredRows()) {
            return "the table holds " + covered + " of the " + snap.coveredRows() + " candidates the snapshot covers";
        }
        optimizer.restore(snap.state());
        int toldRows = 0;
        for (OptimizerSnapshot.Unfinished u : snap.unfinished()) {
            CandidateRow row = table.last(u.desc().hash());
            if (row != null) {
                tell(row);
                toldRows++;
            } else {
                int bracket = scheduler == null ? 0 : scheduler.bracketOf(u.seq());
                Trial t = Trial.of(u.seq(), u.desc(), Seeds.candidateSeed(settings.seed(), u.desc()), u.generation(),
                        bracket, slice(u.desc().hash(), bracket, 0));
                candidates.put(u.desc().hash(), t);
                reship.add(t);
            }
        }
        nextSeq = Math.max(nextSeq, snap.nextSeq());
        replayed += toldRows;
        run.log("optimizer restored from " + OptimizerSnapshot.FILE + " (covers seq < " + snap.nextSeq() + "); " + toldRows
                + " candidates running at the snapshot were told their rows, " + reship.size() + " are shipped again");
        return null;
    }

    /**
     * Writes the optimizer's snapshot with what it covers: the seqs proposed before it, how many
     * candidates of them have rows, and the candidates proposed without a row yet (running, waiting to
     * be shipped, or given up), which a resumed run ships again.
     */
    private void snapshot() {
        try {
            List<OptimizerSnapshot.Unfinished> unfinished = new ArrayList<>();
            List<Trial> open = new ArrayList<>();
            inFlight.values().forEach(f -> open.add(f.trial()));
            open.addAll(reship);
            open.addAll(abandoned);
            for (Trial t : open) {
                if (t.rung() == 0 && table.last(t.candidateId()) == null) {
                    unfinished.add(new OptimizerSnapshot.Unfinished(t.seq(), t.desc(), t.generation()));
                }
            }
            new OptimizerSnapshot(settings.optimizerType(), settings.configHash(), nextSeq,
                    table.finalRows().stream().filter(r -> r.seq() < nextSeq).count(), unfinished, optimizer.snapshot())
                    .write(run, settings.runId());
        } catch (UnsupportedOperationException e) {
            // an optimizer without snapshots is resumed by replay alone
        } catch (IOException | RuntimeException e) {
            run.log("could not write the optimizer snapshot: " + e);
        }
    }
}
