package org.modnas.spark.driver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import org.apache.spark.SimpleFutureAction;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.SparkSession;
import org.modnas.core.arch.ArchDesc;
import org.modnas.core.estim.CandidateResult;
import org.modnas.core.estim.CandidateStatus;
import org.modnas.core.optim.DiscreteOptimizer;
import org.modnas.core.optim.Observation;
import org.modnas.core.optim.Proposal;
import org.modnas.core.search.CandidateRecord;
import org.modnas.core.search.Seeds;
import org.modnas.spark.executor.CandidateTask;
import org.modnas.spark.executor.SupernetBroadcast;
import org.modnas.spark.executor.TaskOutcome;
import org.modnas.spark.report.RunTable;
import org.modnas.spark.table.CandidateRow;
import org.modnas.spark.table.CandidatesTable;
import org.modnas.spark.table.ParquetAppender;
import scala.runtime.AbstractFunction0;
import scala.runtime.AbstractFunction1;
import scala.runtime.AbstractFunction2;
import scala.runtime.BoxedUnit;
import scala.util.Try;

/**
 * The driver loop of a distributed search, with its resume rules.
 *
 * <p><b>Shipping.</b> Candidates ship as Spark jobs submitted asynchronously; each task evaluates a
 * short chunk of candidates one after another and returns their outcomes, which a callback puts on
 * a queue as soon as the task ends. The loop thread, the only one touching the optimizer, tells
 * the optimizer and ships the next proposals at once, keeping every task slot busy. The chunk size
 * adapts to the measured candidate time: {@code spark.task_target_s} of work per task, at most
 * {@code spark.max_candidates_per_task}, and one candidate per task as soon as a candidate takes
 * longer than the target. So expensive candidates keep one task each (freshest optimizer, finest
 * load balance), while cheap ones stop paying Spark's per-task cost (a few milliseconds on the
 * driver's single scheduler thread) for every candidate. This was chosen over long-lived tasks that
 * pull candidates from the driver: it keeps Spark's task semantics unchanged (a lost executor's
 * task is rerun by Spark and its candidates come back once, the first result per candidate wins),
 * needs no side channel between executors and driver, and keeps GPU binding per task. Optimizers
 * that wait for a generation simply propose nothing until it is complete.
 *
 * <p><b>Resume.</b> The finished rows of the table are read first and count towards the budget.
 * When {@code optimizer/snapshot.json} matches the optimizer and config, the optimizer's state is
 * restored from it: rows it already covers are not told again, candidates that were running when it
 * was written are told their row or shipped again, and rows newer than the snapshot are told to
 * the optimizer when it proposes them again. Without a usable snapshot a fresh optimizer replays
 * the whole table the same way: a proposed candidate that already has a row gets the stored result
 * instead of a second evaluation. A snapshot is written only when every result it covers is in the
 * table, so a killed and rerun search ends with exactly the budgeted rows, none twice.
 */
final class SearchLoop {
    static final String SNAPSHOT = "optimizer/snapshot.json";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Runs completion callbacks on the thread that completes the job: they only enqueue. */
    private static final scala.concurrent.ExecutionContext DIRECT =
            scala.concurrent.ExecutionContext$.MODULE$.fromExecutor(Runnable::run);

    private final SparkSession spark;
    private final SearchSettings settings;
    private final Supplier<DiscreteOptimizer> newOptimizer;
    private final ToDoubleFunction<Map<String, Double>> objective;
    private final RunFolder run;
    private final Broadcast<String> config;
    private final SupernetBroadcast supernet;
    private final String version;
    private final PrintStream err;

    private DiscreteOptimizer optimizer;
    private final LinkedBlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final Map<Long, Pending> inFlight = new HashMap<>();
    private final Set<String> inFlightIds = new HashSet<>();
    /** Proposed candidates without a row that must be shipped before asking the optimizer again. */
    private final Deque<Pending> reship = new ArrayDeque<>();
    /** Proposed candidates given up on (time budget): a resumed run ships them again. */
    private final List<Pending> abandoned = new ArrayList<>();
    private final Map<String, CandidateRow> finished = new LinkedHashMap<>();
    private final Map<String, Integer> byStatus = new TreeMap<>();
    private CandidateRow best;
    private long nextSeq;
    private int evaluatedHere;
    private int replayed;
    private int jobFailuresInARow;
    /** FAILED or TIMEOUT rows in a row, in the order results arrived; an OK row resets it. */
    private int candidateFailuresInARow;
    private String lastError;
    /** Set when a task reported that no candidate can run (e.g. no GPU support): the search stops. */
    private String fatalError;
    private int jobs;
    private double meanCandidateSeconds = Double.NaN;
    private RDD<Integer> unit;

    /** A candidate shipped (or to ship) and not yet back; {@code retried} once its job failed and it was shipped alone. */
    private record Pending(long seq, Proposal proposal, long seed, Job job, boolean retried) {
    }

    /** One Spark job: its future and the candidates its tasks evaluate. */
    private record Job(int id, SimpleFutureAction<BoxedUnit> future, long[] seqs) {
    }

    /** A task's outcomes, or the failure of a whole job. */
    private record Event(TaskOutcome[] outcomes, Job failedJob, Throwable failure) {
    }

    SearchLoop(SparkSession spark, SearchSettings settings, Supplier<DiscreteOptimizer> newOptimizer,
               ToDoubleFunction<Map<String, Double>> objective, RunFolder run, Broadcast<String> config,
               SupernetBroadcast supernet, String version, PrintStream err) {
        this.spark = spark;
        this.settings = settings;
        this.newOptimizer = newOptimizer;
        this.objective = objective;
        this.run = run;
        this.config = config;
        this.supernet = supernet;
        this.version = version;
        this.err = err;
    }

    SearchSummary run() throws IOException, InterruptedException {
        long start = System.nanoTime();
        loadFinished();
        optimizer = newOptimizer.get();
        restoreSnapshot();
        SparkContext sc = spark.sparkContext();
        Progress progress = new Progress(err, settings.progress(), settings.budgetCandidates(), settings.budgetSeconds());
        long deadline = settings.budgetSeconds() > 0 ? start + (long) (settings.budgetSeconds() * 1e9) : Long.MAX_VALUE;
        long lastSnapshot = System.nanoTime();
        String stopReason = null;
        int slots = slots(sc);
        long lastSlotCheck = System.nanoTime();
        run.log("search " + settings.runId() + ": budget " + settings.budgetCandidates() + " candidates, "
                + finished.size() + " already in the table, " + slots + " task slots, optimizer " + settings.optimizerType()
                + ", estimator " + settings.estimatorPath());
        try (ParquetAppender table = new ParquetAppender(run.candidates(), sc.hadoopConfiguration(),
                settings.flushRows(), settings.flushSeconds())) {
            try {
                while (true) {
                    if (stopReason == null) {
                        stopReason = stopReason(deadline);
                        if ("time budget".equals(stopReason) || failedTooOften() || fatalError != null) {
                            cancelInFlight();
                        }
                    }
                    if (System.nanoTime() - lastSlotCheck > 2_000_000_000L) {
                        slots = slots(sc); // executors of a cluster register after the session starts
                        lastSlotCheck = System.nanoTime();
                    }
                    if (stopReason == null) {
                        fill(sc, slots);
                    }
                    if (inFlight.isEmpty()) {
                        if (stopReason == null) {
                            stopReason = optimizer.isExhausted() ? "optimizer exhausted" : "optimizer has no proposal";
                        }
                        break;
                    }
                    long waitNanos = Math.min(200_000_000L, Math.max(1_000_000L, deadline - System.nanoTime()));
                    Event e = events.poll(waitNanos, TimeUnit.NANOSECONDS);
                    while (e != null) {
                        handle(e, table);
                        e = events.poll();
                    }
                    table.maybeFlush();
                    progress.update(finished.size(), evaluatedHere, inFlight.size(), bestScore(), false);
                    if (System.nanoTime() - lastSnapshot > settings.snapshotSeconds() * 1e9) {
                        table.sync(); // a snapshot covers only results already in the table
                        snapshot();
                        lastSnapshot = System.nanoTime();
                    }
                }
            } finally {
                cancelInFlight();
                progress.update(finished.size(), evaluatedHere, 0, bestScore(), true);
                progress.finish();
            }
        }
        snapshot();
        double wall = (System.nanoTime() - start) / 1e9;
        run.log("search " + settings.runId() + " stopped (" + stopReason + ") after " + String.format("%.1f", wall)
                + " s: " + evaluatedHere + " evaluated here, " + replayed + " replayed, " + finished.size()
                + " in the table, by status " + byStatus
                + ", best " + (best == null ? "none" : best.candidateId() + " score " + best.score()));
        return new SearchSummary(settings.runId(), settings.runDir(), finished.size(), evaluatedHere, replayed,
                Map.copyOf(byStatus), best == null ? null : best.candidateId(), bestScore(),
                best == null ? null : best.archDesc(), stopReason, failedTooOften() || fatalError != null,
                fatalError != null ? fatalError : lastError, wall);
    }

    /** Every row of the run (resumed ones included) as the records {@code SearchOutputs} writes, in seq order. */
    List<CandidateRecord> records() {
        List<CandidateRecord> out = new ArrayList<>();
        finished.values().stream().sorted(java.util.Comparator.comparingLong(CandidateRow::seq)).forEach(r -> {
            CandidateStatus status = CandidateStatus.valueOf(r.status());
            CandidateResult result = new CandidateResult(ArchDesc.parseCanonical(r.archDesc()), status,
                    r.metrics() == null ? Map.of() : r.metrics(), r.error(),
                    r.startedAtMs() == null ? 0 : r.startedAtMs(), r.finishedAtMs() == null ? 0 : r.finishedAtMs());
            out.add(new CandidateRecord(r.seq(), r.generation(), r.seed(), result, r.score() == null ? Double.NaN : r.score()));
        });
        return out;
    }

    private String stopReason(long deadline) {
        if (fatalError != null) {
            return "a fault no candidate can escape";
        }
        if (failedTooOften()) {
            return candidateFailuresInARow + " candidates in a row failed (search.budget.max_failures = "
                    + settings.maxFailures() + ")";
        }
        if (finished.size() >= settings.budgetCandidates()) {
            return "candidate budget";
        }
        if (System.nanoTime() - deadline >= 0) {
            return "time budget";
        }
        if (settings.targetScore() != null && best != null && best.score() >= settings.targetScore()) {
            return "target score";
        }
        return null;
    }

    private boolean failedTooOften() {
        return settings.maxFailures() > 0 && candidateFailuresInARow >= settings.maxFailures();
    }

    /** Candidates per task: {@code spark.task_target_s} of measured work, within 1..max_candidates_per_task. */
    int chunkSize() {
        if (Double.isNaN(meanCandidateSeconds) || settings.taskTargetSeconds() <= 0) {
            return 1;
        }
        double n = settings.taskTargetSeconds() / Math.max(meanCandidateSeconds, 1e-4);
        return (int) Math.max(1, Math.min(settings.maxCandidatesPerTask(), Math.floor(n)));
    }

    /**
     * Asks the optimizer for as many candidates as the free task slots (plus the queue depth) hold and
     * ships them as one job. With a queue depth, Spark always holds queued tasks, so a slot that frees
     * starts its next task at once, and the loop waits for half the queue to drain before shipping
     * again, so jobs carry several tasks each.
     */
    private void fill(SparkContext sc, int slots) {
        int chunk = chunkSize();
        int capacity = (slots + settings.queueDepth()) * chunk;
        int minBatch = Math.max(1, settings.queueDepth() / 2) * chunk;
        while (inFlight.size() < capacity) {
            int free = capacity - inFlight.size();
            if (inFlight.size() >= slots * chunk && free < minBatch) {
                return;
            }
            int remaining = settings.budgetCandidates() - finished.size() - inFlight.size();
            if (remaining <= 0) {
                return;
            }
            int wanted = Math.min(free, remaining);
            List<Pending> batch = new ArrayList<>();
            while (!reship.isEmpty() && batch.size() < wanted) {
                batch.add(reship.poll());
            }
            if (batch.isEmpty()) {
                List<Proposal> proposals = optimizer.propose(wanted);
                if (proposals.isEmpty()) {
                    return;
                }
                for (Proposal p : proposals) {
                    CandidateRow done = finished.get(p.desc().hash());
                    if (done != null) {
                        // evaluated by an earlier session of this run: tell the optimizer, never evaluate again
                        optimizer.observe(List.of(observation(p.desc(), done)));
                        replayed++;
                    } else if (!inFlightIds.contains(p.desc().hash())) {
                        long seq = nextSeq++;
                        batch.add(new Pending(seq, p, Seeds.candidateSeed(settings.seed(), p.desc()), null, false));
                    }
                }
            }
            if (!batch.isEmpty()) {
                submit(sc, batch, chunk);
            }
        }
    }

    private static Observation observation(ArchDesc desc, CandidateRow row) {
        return new Observation(desc, row.score() == null ? Double.NaN : row.score());
    }

    /** Ships candidates as one Spark job of tasks holding up to {@code chunk} candidates each; the job description names them. */
    private void submit(SparkContext sc, List<Pending> batch, int chunk) {
        int n = batch.size();
        int tasks = (n + chunk - 1) / chunk;
        if (unit == null || unit.getNumPartitions() < tasks) {
            List<Integer> idx = new ArrayList<>();
            for (int i = 0; i < Math.max(tasks, 8); i++) {
                idx.add(i);
            }
            unit = JavaSparkContext.fromSparkContext(sc).parallelize(idx, idx.size()).rdd();
        }
        long[] seqs = new long[n];
        String[] ids = new String[n];
        String[] descs = new String[n];
        long[] seeds = new long[n];
        int[] firsts = new int[tasks + 1];
        List<Object> partitions = new ArrayList<>(tasks);
        for (int i = 0; i < n; i++) {
            Pending p = batch.get(i);
            seqs[i] = p.seq();
            ids[i] = p.proposal().desc().hash();
            descs[i] = p.proposal().desc().toJson();
            seeds[i] = p.seed();
        }
        for (int t = 0; t < tasks; t++) {
            firsts[t] = (int) ((long) n * t / tasks); // balanced: task sizes differ by one at most
            partitions.add(t);
        }
        firsts[tasks] = n;
        CandidateTask task = new CandidateTask(config, supernet, settings.configHash(), settings.estimatorPath(),
                settings.device(), settings.candidateTimeoutSeconds(), seqs, ids, descs, seeds, firsts);
        sc.setJobDescription(jobDescription(settings.runId(), batch));
        SimpleFutureAction<BoxedUnit> future = sc.submitJob(unit, task,
                scala.jdk.javaapi.CollectionConverters.asScala(partitions).toList(), new ResultHandler(events), new Unit());
        Job job = new Job(jobs++, future, seqs);
        for (Pending p : batch) {
            inFlight.put(p.seq(), new Pending(p.seq(), p.proposal(), p.seed(), job, p.retried()));
            inFlightIds.add(p.proposal().desc().hash());
        }
        future.onComplete(new FailureHandler(events, job), DIRECT);
    }

    /** {@code modnas <run>: candidate #3 1a2b… (generation 0)}, or the first few of a batch and how many more. */
    private static String jobDescription(String runId, List<Pending> batch) {
        StringBuilder names = new StringBuilder();
        int shown = Math.min(4, batch.size());
        for (int i = 0; i < shown; i++) {
            Pending p = batch.get(i);
            names.append(i == 0 ? "" : ", ").append('#').append(p.seq()).append(' ').append(p.proposal().desc().hash());
        }
        if (batch.size() > shown) {
            names.append(" and ").append(batch.size() - shown).append(" more up to #").append(batch.get(batch.size() - 1).seq());
        }
        return "modnas " + runId + (batch.size() == 1 ? ": candidate " : ": " + batch.size() + " candidates ") + names
                + " (generation " + batch.get(0).proposal().generation() + ")";
    }

    private void handle(Event e, ParquetAppender table) {
        if (e.failedJob() != null) {
            jobFailed(e.failedJob(), e.failure(), table);
            return;
        }
        for (TaskOutcome o : e.outcomes()) {
            Pending p = inFlight.remove(o.seq);
            if (p == null) {
                continue; // cancelled, or already handled
            }
            jobFailuresInARow = 0;
            double seconds = Math.max(0, o.finishedAtMs - o.startedAtMs) / 1000.0;
            meanCandidateSeconds = Double.isNaN(meanCandidateSeconds) ? seconds : 0.8 * meanCandidateSeconds + 0.2 * seconds;
            finish(p, o, table);
        }
    }

    /**
     * A job Spark gave up on (a task failed {@code spark.task.maxFailures} times, which for our
     * tasks means lost executors or a broken set-up, since candidate faults are results). Its
     * candidates without a result are shipped again alone, once; a candidate whose own job fails
     * too gets a FAILED row. Repeated failures before any success stop the search.
     */
    private void jobFailed(Job job, Throwable failure, ParquetAppender table) {
        List<Pending> again = new ArrayList<>();
        for (long seq : job.seqs()) {
            Pending p = inFlight.get(seq);
            if (p == null || p.job() != job) {
                continue; // has its result, or was cancelled
            }
            inFlight.remove(seq);
            if (!p.retried()) {
                inFlightIds.remove(p.proposal().desc().hash());
                again.add(new Pending(p.seq(), p.proposal(), p.seed(), null, true));
                continue;
            }
            jobFailuresInARow++;
            String error = "Spark could not run the candidate's task: " + failure;
            run.log("candidate #" + p.seq() + " " + p.proposal().desc().hash() + ": " + error);
            finish(p, new TaskOutcome(p.seq(), p.proposal().desc().hash(), "FAILED", Map.of(), error, null, null, null,
                    null, -1, System.currentTimeMillis(), System.currentTimeMillis(), false), table);
            if (jobFailuresInARow >= 3 && evaluatedHere == jobFailuresInARow) {
                throw new IllegalStateException("the first candidate tasks all failed in Spark itself, stopping: "
                        + failure, failure);
            }
        }
        if (!again.isEmpty()) {
            run.log("job " + job.id() + " failed (" + failure + "); shipping its " + again.size() + " unfinished candidates again");
        }
        for (Pending p : again) {
            submit(spark.sparkContext(), List.of(p), 1);
        }
    }

    private void finish(Pending p, TaskOutcome o, ParquetAppender table) {
        ArchDesc desc = p.proposal().desc();
        inFlightIds.remove(desc.hash());
        if (finished.containsKey(desc.hash())) {
            return;
        }
        CandidateRow row = row(p, o);
        table.append(row);
        evaluatedHere++;
        record(row);
        if (row.ok()) {
            candidateFailuresInARow = 0;
        } else {
            candidateFailuresInARow++;
            lastError = row.error() == null ? row.status() : row.error().lines().findFirst().orElse(row.status());
            if (o.fatal && fatalError == null) {
                fatalError = row.error();
            }
            run.log("candidate #" + p.seq() + " " + desc.hash() + " " + row.status() + ": " + lastError);
        }
        optimizer.observe(List.of(observation(desc, row)));
    }

    private void record(CandidateRow r) {
        finished.put(r.candidateId(), r);
        byStatus.merge(r.status(), 1, Integer::sum);
        if (r.score() != null && !r.score().isNaN() && (best == null || r.score() > best.score())) {
            best = r;
        }
    }

    private CandidateRow row(Pending p, TaskOutcome o) {
        ArchDesc desc = p.proposal().desc();
        boolean ok = "OK".equals(o.status);
        Map<String, Double> m = o.metrics;
        Double score = null;
        if (ok) {
            double s = objective.applyAsDouble(m);
            score = Double.isFinite(s) ? s : null;
        }
        Map<String, String> arch = new LinkedHashMap<>();
        for (int i = 0; i < desc.size(); i++) {
            arch.put(desc.names().get(i), String.valueOf(desc.value(i)));
        }
        return new CandidateRow(settings.runId(), desc.hash(), p.seq(), p.proposal().generation(),
                settings.optimizerType(), desc.toJson(), arch, o.status, score,
                m.get("accuracy"), m.get("loss"), asLong(m.get("params")), asLong(m.get("macs")), m.get("latency_ms"),
                m.get("train_seconds"), m.get("epochs") == null ? null : (int) Math.round(m.get("epochs")),
                ok ? m : null, o.executorId, o.host, o.gpu, o.device, o.attempt < 0 ? null : o.attempt, ok ? null : o.error,
                o.startedAtMs, o.finishedAtMs, p.seed(), settings.configHash(), version);
    }

    private static Long asLong(Double v) {
        return v == null ? null : Math.round(v);
    }

    private Double bestScore() {
        return best == null ? null : best.score();
    }

    private void cancelInFlight() {
        for (Pending p : inFlight.values()) {
            if (!p.job().future().isCompleted()) {
                p.job().future().cancel();
            }
            abandoned.add(p);
        }
        inFlight.clear();
        inFlightIds.clear();
    }

    /** Reads the run's finished rows (one per candidate) so nothing is evaluated twice. */
    private void loadFinished() {
        String folder = run.candidates().toString();
        List<CandidateRow> rows = RunTable.collect(CandidatesTable.read(spark, folder));
        long maxSeq = -1;
        boolean otherConfig = false;
        for (CandidateRow r : rows) {
            record(r);
            maxSeq = Math.max(maxSeq, r.seq());
            otherConfig |= !settings.configHash().equals(r.configHash());
        }
        nextSeq = maxSeq + 1;
        if (!rows.isEmpty()) {
            run.log("resuming: " + rows.size() + " finished candidates read from " + folder);
        }
        if (otherConfig) {
            run.log("warning: some rows of " + folder + " were written with a different config (config_hash differs)");
            err.println("warning: resuming run " + settings.runId() + " whose table holds rows of a different config");
        }
    }

    /**
     * Restores the optimizer from {@code optimizer/snapshot.json} when the snapshot was written for this
     * optimizer and config and the table still holds every row it covers; otherwise keeps the fresh
     * optimizer, which replays the whole table.
     */
    private void restoreSnapshot() {
        if (finished.isEmpty()) {
            return; // a new run, or one whose table is gone: nothing to resume
        }
        String why;
        try {
            String text = run.read(SNAPSHOT);
            why = text == null ? "there is no snapshot" : restore((ObjectNode) JSON.readTree(text));
        } catch (IOException | RuntimeException e) {
            why = "the snapshot cannot be used (" + e + ")";
        }
        if (why != null) {
            optimizer = newOptimizer.get(); // a failed restore may have changed it half-way
            reship.clear();
            run.log("full replay: " + why + "; the optimizer is told each of the " + finished.size()
                    + " rows when it proposes that candidate again");
        }
    }

    /** Restores from a parsed snapshot; returns why it cannot be used, or null when it was. */
    private String restore(ObjectNode doc) {
        if (!settings.optimizerType().equals(doc.path("optimizer").asText())) {
            return "the snapshot is of optimizer " + doc.path("optimizer").asText();
        }
        if (!settings.configHash().equals(doc.path("config_hash").asText())) {
            return "the snapshot was written for another config";
        }
        long snapNext = doc.get("next_seq").asLong();
        Map<Long, JsonNode> unfinished = new LinkedHashMap<>();
        for (JsonNode u : doc.withArray("unfinished")) {
            unfinished.put(u.get("seq").asLong(), u);
        }
        long covered = finished.values().stream().filter(r -> r.seq() < snapNext && !unfinished.containsKey(r.seq())).count();
        if (covered < doc.get("covered_rows").asLong()) {
            return "the table holds " + covered + " of the " + doc.get("covered_rows").asLong() + " rows the snapshot covers";
        }
        optimizer.restore((ObjectNode) doc.get("state"));
        int told = 0;
        for (JsonNode u : unfinished.values()) {
            ArchDesc desc = ArchDesc.parseCanonical(u.get("desc").asText());
            CandidateRow row = finished.get(desc.hash());
            if (row != null) {
                optimizer.observe(List.of(observation(desc, row)));
                told++;
            } else {
                long seq = u.get("seq").asLong();
                reship.add(new Pending(seq, new Proposal(desc, u.get("generation").asInt()),
                        Seeds.candidateSeed(settings.seed(), desc), null, false));
            }
        }
        replayed += told;
        run.log("optimizer restored from " + SNAPSHOT + " (covers seq < " + snapNext + "); " + told
                + " candidates running at the snapshot were told their rows, " + reship.size() + " are shipped again");
        return null;
    }

    /**
     * Writes the optimizer's state to {@code optimizer/snapshot.json} (atomically) with what it covers:
     * the seqs proposed before it, how many of them have rows, and the candidates proposed without a
     * row yet (running, waiting to be shipped, or given up), which a resumed run ships again.
     */
    private void snapshot() {
        try {
            ObjectNode state = optimizer.snapshot();
            ObjectNode doc = JSON.createObjectNode();
            doc.put("run_id", settings.runId());
            doc.put("optimizer", settings.optimizerType());
            doc.put("config_hash", settings.configHash());
            doc.put("next_seq", nextSeq);
            doc.put("covered_rows", finished.values().stream().filter(r -> r.seq() < nextSeq).count());
            ArrayNode unfinished = doc.putArray("unfinished");
            List<Pending> open = new ArrayList<>(inFlight.values());
            open.addAll(reship);
            open.addAll(abandoned);
            for (Pending p : open) {
                if (!finished.containsKey(p.proposal().desc().hash())) {
                    unfinished.addObject().put("seq", p.seq()).put("desc", p.proposal().desc().toJson())
                            .put("generation", p.proposal().generation());
                }
            }
            doc.set("state", state);
            run.write(SNAPSHOT, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(doc));
        } catch (UnsupportedOperationException e) {
            // an optimizer without snapshots is resumed by replay alone
        } catch (IOException | RuntimeException e) {
            run.log("could not write the optimizer snapshot: " + e);
        }
    }

    /** Concurrent tasks: total executor cores / spark.task.cpus, unless configured. */
    private int slots(SparkContext sc) {
        if (settings.slots() > 0) {
            return settings.slots();
        }
        int taskCpus = Math.max(1, sc.getConf().getInt("spark.task.cpus", 1));
        return Math.max(1, cores(sc.master(), sc) / taskCpus);
    }

    static int cores(String master, SparkContext sc) {
        java.util.regex.Matcher local = java.util.regex.Pattern.compile("local(?:\\[(\\*|\\d+)(?:,\\s*\\d+)?])?").matcher(master);
        if (local.matches()) {
            String n = local.group(1);
            return n == null ? 1 : n.equals("*") ? Runtime.getRuntime().availableProcessors() : Integer.parseInt(n);
        }
        java.util.regex.Matcher cluster = java.util.regex.Pattern.compile("local-cluster\\[\\s*(\\d+)\\s*,\\s*(\\d+)\\s*,.*]").matcher(master);
        if (cluster.matches()) {
            return Integer.parseInt(cluster.group(1)) * Integer.parseInt(cluster.group(2));
        }
        return sc == null ? 1 : sc.defaultParallelism();
    }

    /** Runs on Spark's scheduler thread as each task succeeds: only enqueues. */
    private static final class ResultHandler extends AbstractFunction2<Object, TaskOutcome[], BoxedUnit> {
        private final LinkedBlockingQueue<Event> events;

        ResultHandler(LinkedBlockingQueue<Event> events) {
            this.events = events;
        }

        @Override
        public BoxedUnit apply(Object partition, TaskOutcome[] outcomes) {
            events.add(new Event(outcomes, null, null));
            return BoxedUnit.UNIT;
        }
    }

    /** Enqueues the failure of a job whose task Spark gave up on (or that was cancelled). */
    private static final class FailureHandler extends AbstractFunction1<Try<BoxedUnit>, BoxedUnit> {
        private final LinkedBlockingQueue<Event> events;
        private final Job job;

        FailureHandler(LinkedBlockingQueue<Event> events, Job job) {
            this.events = events;
            this.job = job;
        }

        @Override
        public BoxedUnit apply(Try<BoxedUnit> result) {
            if (result.isFailure()) {
                events.add(new Event(null, job, result.failed().get()));
            }
            return BoxedUnit.UNIT;
        }
    }

    private static final class Unit extends AbstractFunction0<BoxedUnit> {
        @Override
        public BoxedUnit apply() {
            return BoxedUnit.UNIT;
        }
    }
}
