package org.modnas.spark.driver;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.spark.SimpleFutureAction;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.rdd.RDD;
import org.modnas.spark.executor.CandidateTask;
import org.modnas.spark.executor.SupernetBroadcast;
import org.modnas.spark.trial.Trial;
import scala.runtime.AbstractFunction0;
import scala.runtime.AbstractFunction1;
import scala.runtime.AbstractFunction2;
import scala.runtime.BoxedUnit;
import scala.util.Try;

/**
 * Ships trials to Spark and hands back what comes of them. Each batch of trials becomes one Spark
 * job submitted asynchronously, whose tasks each run a chunk of trials ({@link CandidateTask}); a
 * callback puts each task's trials on a queue the moment the task ends, and a job Spark gave up on
 * becomes a failure event naming its trials. Nothing here decides what runs: that is the search
 * loop's business, on its own thread.
 */
final class TrialDispatcher {
    /** Runs completion callbacks on the thread that completes the job: they only enqueue. */
    private static final scala.concurrent.ExecutionContext DIRECT =
            scala.concurrent.ExecutionContext$.MODULE$.fromExecutor(Runnable::run);

    /** One Spark job: its future and the trials its tasks run. */
    record Job(int id, SimpleFutureAction<BoxedUnit> future, List<Trial> trials) {
    }

    /** A task's trials with their results, or the failure of a whole job. */
    record Event(Trial[] finished, Job failedJob, Throwable failure) {
    }

    private final SparkContext sc;
    private final Broadcast<String> config;
    private final SupernetBroadcast supernet;
    private final SearchSettings settings;
    private final String estimatorPath;
    private final LinkedBlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private RDD<Integer> unit;
    private int jobs;
    private int slots;
    private long lastSlotCheck;

    TrialDispatcher(SparkContext sc, Broadcast<String> config, SupernetBroadcast supernet, SearchSettings settings) {
        this(sc, config, supernet, settings, settings.estimatorPath());
    }

    /** A dispatcher whose tasks run the estimator at {@code estimatorPath} (the prefilter's, say). */
    TrialDispatcher(SparkContext sc, Broadcast<String> config, SupernetBroadcast supernet, SearchSettings settings,
                    String estimatorPath) {
        this.sc = sc;
        this.config = config;
        this.supernet = supernet;
        this.settings = settings;
        this.estimatorPath = estimatorPath;
    }

    /**
     * Ships {@code batch} as one Spark job of tasks holding up to {@code chunk} trials each (sizes
     * balanced to differ by one at most); the job description names them.
     */
    Job submit(List<Trial> batch, int chunk) {
        int n = batch.size();
        int tasks = (n + chunk - 1) / chunk;
        if (unit == null || unit.getNumPartitions() < tasks) {
            List<Integer> idx = new ArrayList<>();
            for (int i = 0; i < Math.max(tasks, 8); i++) {
                idx.add(i);
            }
            unit = JavaSparkContext.fromSparkContext(sc).parallelize(idx, idx.size()).rdd();
        }
        int[] firsts = new int[tasks + 1];
        List<Object> partitions = new ArrayList<>(tasks);
        for (int t = 0; t < tasks; t++) {
            firsts[t] = (int) ((long) n * t / tasks);
            partitions.add(t);
        }
        firsts[tasks] = n;
        CandidateTask task = new CandidateTask(config, supernet, settings.configHash(), estimatorPath,
                settings.device(), settings.candidateTimeoutSeconds(), batch.toArray(Trial[]::new), firsts);
        sc.setJobDescription(description(settings.runId(), batch));
        SimpleFutureAction<BoxedUnit> future = sc.submitJob(unit, task,
                scala.jdk.javaapi.CollectionConverters.asScala(partitions).toList(), new ResultHandler(events), new Unit());
        Job job = new Job(jobs++, future, List.copyOf(batch));
        future.onComplete(new FailureHandler(events, job), DIRECT);
        return job;
    }

    /** The next event, waiting at most {@code nanos}; null when none came. */
    Event poll(long nanos) throws InterruptedException {
        return events.poll(nanos, TimeUnit.NANOSECONDS);
    }

    /** The next event if one is waiting, else null. */
    Event pollNow() {
        return events.poll();
    }

    /** Cancels a job unless it already ended. */
    static void cancel(Job job) {
        if (!job.future().isCompleted()) {
            job.future().cancel();
        }
    }

    /**
     * Concurrent tasks: {@code spark.slots} when set, else total executor cores / spark.task.cpus,
     * checked again every two seconds (executors of a cluster register after the session starts).
     */
    int slots() {
        if (slots == 0 || System.nanoTime() - lastSlotCheck > 2_000_000_000L) {
            slots = slots(sc, settings.slots());
            lastSlotCheck = System.nanoTime();
        }
        return slots;
    }

    static int slots(SparkContext sc, int configured) {
        if (configured > 0) {
            return configured;
        }
        int taskCpus = Math.max(1, sc.getConf().getInt("spark.task.cpus", 1));
        return Math.max(1, cores(sc.master(), sc) / taskCpus);
    }

    /** The cores a master string gives: local[N], local[*], local-cluster[N,C,M]; else Spark's default parallelism. */
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

    /** {@code modnas <run>: candidate #3 1a2b… (generation 0)}, or the first few of a batch and how many more. */
    static String description(String runId, List<Trial> batch) {
        StringBuilder names = new StringBuilder();
        int shown = Math.min(4, batch.size());
        for (int i = 0; i < shown; i++) {
            Trial t = batch.get(i);
            names.append(i == 0 ? "" : ", ").append('#').append(t.seq()).append(' ').append(t.candidateId());
            if (t.rung() > 0) {
                names.append(" rung ").append(t.rung());
            }
        }
        if (batch.size() > shown) {
            names.append(" and ").append(batch.size() - shown).append(" more up to #").append(batch.get(batch.size() - 1).seq());
        }
        return "modnas " + runId + (batch.size() == 1 ? ": candidate " : ": " + batch.size() + " candidates ") + names
                + " (generation " + batch.get(0).generation() + ")";
    }

    /** Runs on Spark's scheduler thread as each task succeeds: only enqueues. */
    private static final class ResultHandler extends AbstractFunction2<Object, Trial[], BoxedUnit> {
        private final LinkedBlockingQueue<Event> events;

        ResultHandler(LinkedBlockingQueue<Event> events) {
            this.events = events;
        }

        @Override
        public BoxedUnit apply(Object partition, Trial[] trials) {
            events.add(new Event(trials, null, null));
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
