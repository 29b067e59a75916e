package org.modnas.spark.driver;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import org.apache.spark.SimpleFutureAction;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.modnas.core.arch.ArchDesc;
import org.modnas.core.optim.DiscreteOptimizer;
import org.modnas.core.optim.Observation;
import org.modnas.core.optim.Proposal;
import org.modnas.spark.executor.CandidateTask;
import org.modnas.spark.executor.TaskOutcome;
import org.modnas.spark.table.CandidateRow;
import org.modnas.spark.table.CandidatesTable;
import org.modnas.spark.table.ParquetAppender;
import scala.collection.Iterator;
import scala.runtime.AbstractFunction0;
import scala.runtime.AbstractFunction1;
import scala.runtime.AbstractFunction2;
import scala.runtime.BoxedUnit;
import scala.util.Try;

/**
 * The driver loop of SPEC §6.1 with the resume rules of §6.5. Candidates ship as small Spark jobs
 * (one task per candidate) submitted asynchronously; each task's result comes back through a
 * callback into a queue as soon as that task ends, and the loop thread, the only one touching the optimizer, tells the
 * optimizer and ships the next proposal at once, keeping every task slot busy. Optimizers that wait
 * for a generation simply propose nothing until it is complete.
 *
 * <p>Resume: the finished rows of the table are read first; when the optimizer proposes a candidate
 * that already has a row, the stored result is told to it instead of evaluating it again, and rows
 * count towards the budget, so a killed and rerun search ends with exactly the budgeted rows.
 */
final class SearchLoop {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Runs completion callbacks on the thread that completes the job: they only enqueue. */
    private static final scala.concurrent.ExecutionContext DIRECT =
            scala.concurrent.ExecutionContext$.MODULE$.fromExecutor(Runnable::run);

    private final SparkSession spark;
    private final SearchSettings settings;
    private final DiscreteOptimizer optimizer;
    private final ToDoubleFunction<Map<String, Double>> objective;
    private final RunFolder run;
    private final Broadcast<String> config;
    private final String version;
    private final PrintStream err;

    private final LinkedBlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final Map<Long, Pending> inFlight = new HashMap<>();
    private final java.util.Set<String> inFlightIds = new java.util.HashSet<>();
    private final Map<String, Finished> finished = new HashMap<>();
    private final Map<String, Integer> byStatus = new TreeMap<>();
    private Finished best;
    private long nextSeq;
    private int evaluatedHere;
    private int replayed;
    private int jobFailuresInARow;
    private int jobs;
    private RDD<Integer> unit;

    /** A candidate shipped and not yet back; {@code retried} once its job failed and it was shipped alone. */
    private record Pending(long seq, Proposal proposal, long seed, Job job, boolean retried) {
    }

    /** One Spark job: its future and the candidates its tasks evaluate, by partition. */
    private record Job(int id, SimpleFutureAction<BoxedUnit> future, long[] seqs) {
    }

    /** A task's outcome, or the failure of a whole job. */
    private record Event(long seq, TaskOutcome outcome, Job failedJob, Throwable failure) {
    }

    /** What the loop keeps of a row: enough to replay it and to know the best. */
    private record Finished(String candidateId, long seq, String status, Double score, String archDesc) {
    }

    SearchLoop(SparkSession spark, SearchSettings settings, DiscreteOptimizer optimizer,
               ToDoubleFunction<Map<String, Double>> objective, RunFolder run, Broadcast<String> config,
               String version, PrintStream err) {
        this.spark = spark;
        this.settings = settings;
        this.optimizer = optimizer;
        this.objective = objective;
        this.run = run;
        this.config = config;
        this.version = version;
        this.err = err;
    }

    SearchSummary run() throws IOException, InterruptedException {
        long start = System.nanoTime();
        loadFinished();
        SparkContext sc = spark.sparkContext();
        Progress progress = new Progress(err, settings.progress(), settings.budgetCandidates());
        long deadline = settings.budgetSeconds() > 0 ? start + (long) (settings.budgetSeconds() * 1e9) : Long.MAX_VALUE;
        long lastSnapshot = System.nanoTime();
        String stopReason = null;
        int slots = slots(sc);
        long lastSlotCheck = System.nanoTime();
        run.log("search " + settings.runId() + ": budget " + settings.budgetCandidates() + " candidates, "
                + finished.size() + " already in the table, " + slots + " task slots, optimizer " + settings.optimizerType());
        try (ParquetAppender table = new ParquetAppender(run.candidates(), sc.hadoopConfiguration(),
                settings.flushRows(), settings.flushSeconds())) {
            try {
                while (true) {
                    if (stopReason == null) {
                        stopReason = stopReason(deadline);
                        if ("time budget".equals(stopReason)) {
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
                + " s: " + evaluatedHere + " evaluated here, " + finished.size() + " in the table, by status " + byStatus
                + ", best " + (best == null ? "none" : best.candidateId() + " score " + best.score()));
        return new SearchSummary(settings.runId(), settings.runDir(), finished.size(), evaluatedHere, replayed,
                Map.copyOf(byStatus), best == null ? null : best.candidateId(), bestScore(),
                best == null ? null : best.archDesc(), stopReason, wall);
    }

    private String stopReason(long deadline) {
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

    /**
     * Asks the optimizer for as many candidates as there are free slots (plus the queue depth) and
     * ships them as one job. With a queue depth, Spark always holds queued tasks, so a slot that
     * frees starts its next candidate at once, and the loop waits for half the queue to drain before
     * shipping again, so jobs carry several candidates each.
     */
    private void fill(SparkContext sc, int slots) {
        int capacity = slots + settings.queueDepth();
        int minBatch = Math.max(1, settings.queueDepth() / 2);
        while (inFlight.size() < capacity) {
            int free = capacity - inFlight.size();
            if (inFlight.size() >= slots && free < minBatch) {
                return;
            }
            int remaining = settings.budgetCandidates() - finished.size() - inFlight.size();
            if (remaining <= 0) {
                return;
            }
            List<Proposal> proposals = optimizer.propose(Math.min(free, remaining));
            if (proposals.isEmpty()) {
                return;
            }
            List<Pending> batch = new ArrayList<>();
            for (Proposal p : proposals) {
                Finished done = finished.get(p.desc().hash());
                if (done != null) {
                    // evaluated by an earlier session of this run: tell the optimizer, never evaluate again
                    optimizer.observe(List.of(new Observation(p.desc(), done.score() == null ? Double.NaN : done.score())));
                    replayed++;
                } else if (!isInFlight(p.desc().hash())) {
                    long seq = nextSeq++;
                    batch.add(new Pending(seq, p, candidateSeed(settings.seed(), p.desc().hash()), null, false));
                }
            }
            if (!batch.isEmpty()) {
                submit(sc, batch, capacity);
            }
        }
    }

    private boolean isInFlight(String candidateId) {
        return inFlightIds.contains(candidateId);
    }

    /** Ships candidates as one Spark job, task i evaluating candidate i; the job description names them. */
    private void submit(SparkContext sc, List<Pending> batch, int capacity) {
        int n = batch.size();
        if (unit == null || unit.getNumPartitions() < Math.max(n, capacity)) {
            List<Integer> idx = new ArrayList<>();
            for (int i = 0; i < Math.max(n, capacity); i++) {
                idx.add(i);
            }
            unit = JavaSparkContext.fromSparkContext(sc).parallelize(idx, idx.size()).rdd();
        }
        long[] seqs = new long[n];
        String[] ids = new String[n];
        String[] descs = new String[n];
        long[] seeds = new long[n];
        List<Object> partitions = new ArrayList<>(n);
        StringBuilder names = new StringBuilder();
        for (int i = 0; i < n; i++) {
            Pending p = batch.get(i);
            seqs[i] = p.seq();
            ids[i] = p.proposal().desc().hash();
            descs[i] = p.proposal().desc().toJson();
            seeds[i] = p.seed();
            partitions.add(i);
            names.append(i == 0 ? "" : ", ").append('#').append(p.seq()).append(' ').append(ids[i]);
        }
        CandidateTask task = new CandidateTask(config, settings.configHash(), settings.estimatorPath(),
                settings.candidateTimeoutSeconds(), seqs, ids, descs, seeds);
        sc.setJobDescription("modnas " + settings.runId() + (n == 1 ? " candidate " : " candidates ") + names
                + " (generation " + batch.get(0).proposal().generation() + ")");
        SimpleFutureAction<BoxedUnit> future = sc.submitJob(unit, task,
                scala.jdk.javaapi.CollectionConverters.asScala(partitions).toList(), new ResultHandler(events), new Unit());
        Job job = new Job(jobs++, future, seqs);
        for (Pending p : batch) {
            inFlight.put(p.seq(), new Pending(p.seq(), p.proposal(), p.seed(), job, p.retried()));
            inFlightIds.add(p.proposal().desc().hash());
        }
        future.onComplete(new FailureHandler(events, job), DIRECT);
    }

    private void handle(Event e, ParquetAppender table) {
        if (e.failedJob() != null) {
            jobFailed(e.failedJob(), e.failure(), table);
            return;
        }
        Pending p = inFlight.remove(e.seq());
        if (p == null) {
            return; // cancelled: already handled
        }
        jobFailuresInARow = 0;
        finish(p, e.outcome(), table);
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
                    -1, System.currentTimeMillis(), System.currentTimeMillis()), table);
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
        record(new Finished(row.candidateId(), row.seq(), row.status(), row.score(), row.archDesc()));
        if (!row.ok()) {
            run.log("candidate #" + p.seq() + " " + desc.hash() + " " + row.status() + ": "
                    + (row.error() == null ? "" : row.error().lines().findFirst().orElse("")));
        }
        optimizer.observe(List.of(new Observation(desc, row.score() == null ? Double.NaN : row.score())));
    }

    private void record(Finished f) {
        finished.put(f.candidateId(), f);
        byStatus.merge(f.status(), 1, Integer::sum);
        if (f.score() != null && !f.score().isNaN() && (best == null || f.score() > best.score())) {
            best = f;
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
                ok ? m : null, o.executorId, o.host, o.gpu, o.attempt < 0 ? null : o.attempt, ok ? null : o.error,
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
        }
        inFlight.clear();
        inFlightIds.clear();
    }

    /** Reads the run's finished rows (one per candidate) so nothing is evaluated twice. */
    private void loadFinished() {
        String folder = run.candidates().toString();
        List<Row> rows = CandidatesTable.read(spark, folder)
                .select("candidate_id", "seq", "status", "score", "arch_desc", "config_hash").collectAsList();
        long maxSeq = -1;
        boolean otherConfig = false;
        for (Row r : rows) {
            record(new Finished(r.getString(0), r.getLong(1), r.getString(2), r.isNullAt(3) ? null : r.getDouble(3),
                    r.getString(4)));
            maxSeq = Math.max(maxSeq, r.getLong(1));
            otherConfig |= !settings.configHash().equals(r.getString(5));
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

    /** Writes the optimizer's state to {@code optimizer/snapshot.json}, with the last seq it covers. */
    private void snapshot() {
        try {
            ObjectNode state = optimizer.snapshot();
            ObjectNode doc = JSON.createObjectNode();
            doc.put("run_id", settings.runId());
            doc.put("optimizer", settings.optimizerType());
            doc.put("next_seq", nextSeq);
            doc.put("rows", finished.size());
            List<Long> pending = new ArrayList<>(inFlight.keySet());
            doc.putPOJO("in_flight_seqs", pending);
            doc.set("state", state);
            run.write("optimizer/snapshot.json", JSON.writerWithDefaultPrettyPrinter().writeValueAsString(doc));
        } catch (UnsupportedOperationException e) {
            // an optimizer without snapshots is resumed by replay alone
        } catch (IOException e) {
            run.log("could not write the optimizer snapshot: " + e.getMessage());
        }
    }

    /** Concurrent candidates: total executor cores / spark.task.cpus, unless configured. */
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

    /** A candidate's seed: the run seed mixed with its content hash, so a rerun gives it the same seed. */
    static long candidateSeed(long runSeed, String candidateId) {
        long z = runSeed ^ Long.parseUnsignedLong(candidateId, 16);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Runs on Spark's scheduler thread as each task succeeds: only enqueues. */
    private static final class ResultHandler extends AbstractFunction2<Object, TaskOutcome, BoxedUnit> {
        private final LinkedBlockingQueue<Event> events;

        ResultHandler(LinkedBlockingQueue<Event> events) {
            this.events = events;
        }

        @Override
        public BoxedUnit apply(Object partition, TaskOutcome outcome) {
            events.add(new Event(outcome.seq, outcome, null, null));
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
                events.add(new Event(-1, null, job, result.failed().get()));
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
