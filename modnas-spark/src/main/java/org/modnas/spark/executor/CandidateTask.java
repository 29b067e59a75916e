package org.modnas.spark.executor;

import java.io.Serializable;
import java.net.InetAddress;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.resource.ResourceInformation;
import org.modnas.core.arch.ArchDesc;
import org.modnas.core.estim.CandidateContext;
import org.modnas.core.estim.CandidateEstimator;
import org.modnas.core.estim.CandidateResult;
import org.modnas.core.estim.CandidateRunner;
import org.modnas.core.estim.CandidateStatus;
import org.modnas.models.train.Devices;
import org.modnas.models.train.NativeAllocator;
import org.modnas.spark.trial.Trial;
import scala.collection.Iterator;
import scala.runtime.AbstractFunction1;

/**
 * The function the tasks of one candidate job run: task {@code t} evaluates the trials
 * {@code firsts[t]} to {@code firsts[t + 1] - 1} one after another (a chunk of one for expensive
 * candidates; several for cheap ones, so Spark's per-task cost is paid once per chunk).
 * It takes the estimator from the per-JVM {@link EstimatorPool}, chooses the device from
 * {@code trainer.device} and the task's {@code gpu} resource address ({@link Devices}: the assigned
 * GPU when the engine has CUDA support, the CPU with the task's cores otherwise), runs
 * {@link CandidateRunner} with the per-candidate time-out (and the trial's slice of training under
 * a multi-fidelity scheduler) and returns each {@link Trial} with its result, naming the executor,
 * host, GPU and attempt. Every fault of a candidate, including a bad desc or an estimator that
 * cannot be built, becomes a FAILED or TIMEOUT result rather than a task failure, so Spark never
 * retries a deterministic failure; only a lost executor makes Spark run the task again, and the
 * driver keeps the first result of each (candidate, rung).
 */
public final class CandidateTask extends AbstractFunction1<Iterator<Integer>, Trial[]> implements Serializable {
    private static final long serialVersionUID = 4L;
    private static volatile String hostName;
    private static final AtomicLong EVALUATED = new AtomicLong();

    private final Broadcast<String> config;
    private final SupernetBroadcast supernet;
    private final String configHash;
    private final String estimatorPath;
    private final String device;
    private final double timeoutSeconds;
    private final Trial[] trials;
    private final int[] firsts;

    /**
     * One job's trials.
     *
     * @param config         the resolved search config as JSON text, broadcast once per search
     * @param supernet       the supernet a stage of the estimator chain trained, or null
     * @param configHash     its hash: the key of the per-JVM estimator cache
     * @param estimatorPath  the config path of the estimator section, e.g. {@code search.estim.search}
     * @param device         {@code trainer.device}: auto, cpu or gpu ({@link Devices})
     * @param timeoutSeconds per-candidate time limit, 0 for none
     * @param trials         the trials to run
     * @param firsts         task {@code t} (partition {@code t}) runs trials {@code firsts[t]}
     *                       up to {@code firsts[t + 1]} exclusive; one entry more than there are tasks
     */
    public CandidateTask(Broadcast<String> config, SupernetBroadcast supernet, String configHash, String estimatorPath,
                         String device, double timeoutSeconds, Trial[] trials, int[] firsts) {
        this.config = config;
        this.supernet = supernet;
        this.configHash = configHash;
        this.estimatorPath = estimatorPath;
        this.device = device;
        this.timeoutSeconds = timeoutSeconds;
        this.trials = trials.clone();
        this.firsts = firsts.clone();
    }

    /** Tasks of this job (one per partition). */
    public int tasks() {
        return firsts.length - 1;
    }

    @Override
    public Trial[] apply(Iterator<Integer> ignored) {
        TaskContext task = TaskContext.get();
        int t = task == null ? 0 : task.partitionId();
        String gpu = task == null ? null : gpuAddress(task);
        int threads = task == null ? 1 : Math.max(1, task.cpus());
        int attempt = task == null ? 0 : task.attemptNumber();
        String executorId = SparkEnv.get() == null ? "driver" : SparkEnv.get().executorId();
        Trial[] out = new Trial[firsts[t + 1] - firsts[t]];
        String trainOn;
        try {
            trainOn = Devices.resolve(device, gpu);
        } catch (RuntimeException noDevice) {
            long now = System.currentTimeMillis();
            for (int i = firsts[t]; i < firsts[t + 1]; i++) {
                out[i - firsts[t]] = trials[i].with(new Trial.Result(CandidateStatus.FAILED, Map.of(), noDevice.getMessage(),
                        executorId, host(), gpu, null, attempt, now, now, true));
            }
            return out;
        }
        for (int i = firsts[t]; i < firsts[t + 1]; i++) {
            out[i - firsts[t]] = evaluate(trials[i], gpu, trainOn, threads, attempt, executorId);
        }
        return out;
    }

    private Trial evaluate(Trial trial, String gpu, String trainOn, int threads, int attempt, String executorId) {
        long start = System.currentTimeMillis();
        CandidateEstimator estimator;
        ArchDesc desc;
        try {
            desc = trial.desc();
            estimator = EstimatorPool.acquire(configHash, config.value(), estimatorPath, supernet);
        } catch (Throwable e) {
            return trial.with(new Trial.Result(CandidateStatus.FAILED, Map.of(), CandidateRunner.describe(e), executorId,
                    host(), gpu, null, attempt, start, System.currentTimeMillis(), false));
        }
        CandidateResult r = CandidateRunner.run(estimator, desc,
                new CandidateContext(trial.seed(), trainOn, threads, Long.MAX_VALUE, trial.fidelity()), timeoutSeconds);
        // after a time-out the estimator's worker may still be running: never hand it to another candidate
        if (r.status() != CandidateStatus.TIMEOUT) {
            EstimatorPool.release(configHash, estimatorPath, supernet, estimator);
        }
        EVALUATED.incrementAndGet();
        NativeAllocator.releaseFree();
        return trial.with(new Trial.Result(r.status(), r.metrics(), r.error(), executorId, host(), gpu,
                Devices.label(trainOn), attempt, r.startedAtMs(), r.finishedAtMs(), false));
    }

    /** Candidates this JVM's tasks have evaluated (of any search), for soak benchmarks. */
    public static long evaluated() {
        return EVALUATED.get();
    }

    /** The first address of the task's {@code gpu} resource, or null when Spark assigned none. */
    static String gpuAddress(TaskContext task) {
        ResourceInformation gpu = task.resourcesJMap().get("gpu");
        return gpu == null || gpu.addresses().length == 0 ? null : gpu.addresses()[0];
    }

    /** This machine's host name, looked up once per JVM. */
    static String host() {
        String h = hostName;
        if (h == null) {
            try {
                h = InetAddress.getLocalHost().getHostName();
            } catch (Exception e) {
                h = "unknown";
            }
            hostName = h;
        }
        return h;
    }
}
