package org.modnas.spark.executor;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.Serializable;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.broadcast.Broadcast;
import org.modnas.core.config.ConfigChains;
import org.modnas.core.estim.CandidateRunner;
import org.modnas.core.estim.Estimator;
import org.modnas.core.estim.StageContext;
import org.modnas.core.estim.StageEstimator;
import org.modnas.core.search.EstimatorChain;
import org.modnas.models.train.Devices;
import scala.collection.Iterator;
import scala.runtime.AbstractFunction1;

/**
 * The one task that runs a stage of the estimator chain (a supernet warm-up) on an
 * executor, so the stage gets the executor's GPU like any candidate. It builds the stage's
 * estimator from the broadcast config, runs it with the supernet the stage before handed on, and
 * returns a {@link StageOutcome}; a fault becomes the outcome's error rather than a task failure,
 * so Spark does not retry a deterministic fault. Progress lines go to the executor's standard error.
 */
public final class StageTask extends AbstractFunction1<Iterator<Integer>, StageOutcome> implements Serializable {
    private static final long serialVersionUID = 1L;

    private final Broadcast<String> config;
    private final String name;
    private final long seed;
    private final SupernetBroadcast input;
    private final int threads;
    private final String checkpoint;

    /**
     * @param config the resolved search config as JSON text
     * @param name   the stage's entry of {@code search.estim}
     * @param seed   the stage's seed
     * @param input  the supernet the stage before handed on, or null
     * @param threads engine threads, at least the task's cores; 0 for the executor's processor count
     * @param checkpoint the file the stage keeps its progress in between epochs, or null
     */
    public StageTask(Broadcast<String> config, String name, long seed, SupernetBroadcast input, int threads,
                     String checkpoint) {
        this.config = config;
        this.name = name;
        this.seed = seed;
        this.input = input;
        this.threads = threads;
        this.checkpoint = checkpoint;
    }

    @Override
    public StageOutcome apply(Iterator<Integer> ignored) {
        TaskContext task = TaskContext.get();
        String gpu = task == null ? null : CandidateTask.gpuAddress(task);
        int cores = Math.max(task == null ? 1 : task.cpus(), threads > 0 ? threads : Runtime.getRuntime().availableProcessors());
        String executorId = SparkEnv.get() == null ? "driver" : SparkEnv.get().executorId();
        String host = CandidateTask.host();
        try {
            Config c = ConfigFactory.parseString(config.value());
            String trainOn = Devices.resolve(c.getString("trainer.device"), gpu);
            ConfigChains.Entry entry = new ConfigChains.Entry(name, c.getConfig("search.estim." + name));
            Estimator e = EstimatorChain.build(c, entry, null);
            if (!(e instanceof StageEstimator stage)) {
                return StageOutcome.failed("search.estim." + name + " is not a stage estimator", executorId, host, gpu);
            }
            StageContext ctx = new StageContext(name, seed, trainOn, cores, input == null ? null : input.weights(), checkpoint,
                    line -> System.err.println("[" + name + "] " + line));
            return StageOutcome.of(stage.run(ctx), executorId, host, gpu);
        } catch (Throwable t) {
            return StageOutcome.failed(CandidateRunner.describe(t), executorId, host, gpu);
        }
    }
}
