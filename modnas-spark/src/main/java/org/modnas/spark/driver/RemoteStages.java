package org.modnas.spark.driver;

import java.io.PrintStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.rdd.RDD;
import org.modnas.core.config.ConfigChains;
import org.modnas.core.estim.StageResult;
import org.modnas.core.estim.SupernetWeights;
import org.modnas.core.run.RunDirectory;
import org.modnas.core.search.EstimatorChain;
import org.modnas.spark.executor.StageOutcome;
import org.modnas.spark.executor.StageTask;
import org.modnas.spark.executor.SupernetBroadcast;
import scala.reflect.ClassTag$;

/**
 * Runs the stages of an estimator chain as Spark tasks: each stage is one task on
 * one executor (so it gets a GPU like a candidate) and may use all of that executor's cores, as
 * nothing else runs beside it; its result comes back to the driver; the
 * supernets handed from stage to stage and on to the candidate tasks are broadcast once each.
 * Closing destroys the broadcasts.
 */
final class RemoteStages implements EstimatorChain.StageRunner, AutoCloseable {
    private final SparkContext sc;
    private final Broadcast<String> config;
    private final String runId;
    private final PrintStream out;
    private final RunDirectory run;
    private final List<Broadcast<byte[]>> broadcasts = new ArrayList<>();
    private SupernetBroadcast last;

    /**
     * @param run the run's folder: a stage keeps its progress between epochs in its resume file there
     *            (read back when the stage runs again), on a file system the executors share
     */
    RemoteStages(SparkContext sc, Broadcast<String> config, RunDirectory run, PrintStream out) {
        this.sc = sc;
        this.run = run;
        this.runId = run.runId();
        this.config = config;
        this.out = out;
    }

    @Override
    public StageResult run(ConfigChains.Entry entry, SupernetWeights input, long seed) {
        out.println("stage " + entry.name() + " (" + entry.type() + ") is running as one Spark task");
        StageTask task = new StageTask(config, entry.name(), seed, input == null ? null : broadcast(input), stageThreads(),
                run.stageResumeFile(entry.name()).absolute().toString());
        RDD<Integer> one = JavaSparkContext.fromSparkContext(sc).parallelize(List.of(0), 1).rdd();
        sc.setJobDescription("modnas " + runId + ": stage " + entry.name());
        StageOutcome[] outcomes = (StageOutcome[]) sc.runJob(one, task, ClassTag$.MODULE$.apply(StageOutcome.class));
        StageOutcome o = outcomes[0];
        if (o.error() != null) {
            throw new IllegalStateException("on " + o.where() + ": " + o.error());
        }
        StageResult r = o.result();
        out.println("stage " + entry.name() + " finished on " + o.where());
        return r;
    }

    /**
     * Engine threads for a stage: it runs alone while the search waits for it, so it may use every
     * core of its executor, not just the task's {@code spark.task.cpus}: {@code spark.executor.cores}
     * when set, the cores of a local master, else 0 (the executor's processor count).
     */
    int stageThreads() {
        if (sc.getConf().contains("spark.executor.cores")) {
            return sc.getConf().getInt("spark.executor.cores", 1);
        }
        return sc.master().startsWith("local") && !sc.master().startsWith("local-cluster") ? TrialDispatcher.cores(sc.master(), sc) : 0;
    }

    /** The broadcast of {@code weights}, made once per supernet. */
    SupernetBroadcast broadcast(SupernetWeights weights) {
        String hash = sha256(weights.parameters());
        if (last == null || !last.hash().equals(hash)) {
            Broadcast<byte[]> b = JavaSparkContext.fromSparkContext(sc).broadcast(weights.parameters());
            broadcasts.add(b);
            last = new SupernetBroadcast(b, weights.producer(), hash);
        }
        return last;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        for (Broadcast<byte[]> b : broadcasts) {
            b.destroy();
        }
        broadcasts.clear();
    }
}
