package org.modnas.models.estim;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import com.typesafe.config.Config;
import java.util.LinkedHashMap;
import java.util.Map;
import org.modnas.core.arch.ArchDesc;
import org.modnas.core.estim.CandidateContext;
import org.modnas.core.estim.CandidateEstimator;
import org.modnas.models.metrics.ModelStats;
import org.modnas.models.train.EvalMetrics;
import org.modnas.models.train.ImageTrainer;
import org.modnas.models.train.TrainerConfig;

/**
 * Evaluates one candidate architecture (SPEC §5.6, §6.2): builds the network its arch desc names
 * with the {@code desc_construct} chain, initialises it from the candidate's seed, trains it for
 * {@code subnet_epochs} (or {@code train_steps} steps), optionally recalibrates batch norm on
 * {@code num_bn_batch} batches, validates on {@code valid_batches} batches of the validation split,
 * and measures params, MACs and latency. This is the unit a Spark task runs. Data is read once
 * per JVM; every tensor of a candidate lives in a manager closed when the candidate ends.
 */
public final class SubNetEstimator implements CandidateEstimator {
    /** Registered name. */
    public static final String NAME = "SubNetEstimator";
    /** Argument defaults. */
    public static final String DEFAULTS = "subnet_epochs = 1, train_steps = 0, num_bn_batch = 0, valid_batches = 0, "
            + "measure_latency = true, latency_repeats = 10";

    private final Config root;
    private final int subnetEpochs;
    private final int trainSteps;
    private final int numBnBatch;
    private final int validBatches;
    private final boolean measureLatency;
    private final int latencyRepeats;
    private volatile TrainingSetup setup;

    /**
     * @param root the whole config (its {@code search_space}, {@code data} and {@code trainer} sections)
     * @param args this estimator's arguments
     */
    public SubNetEstimator(Config root, Config args) {
        this.root = root;
        this.subnetEpochs = nonNegative(args, "subnet_epochs");
        this.trainSteps = nonNegative(args, "train_steps");
        this.numBnBatch = nonNegative(args, "num_bn_batch");
        this.validBatches = nonNegative(args, "valid_batches");
        this.measureLatency = args.getBoolean("measure_latency");
        this.latencyRepeats = args.getInt("latency_repeats");
        if (latencyRepeats <= 0) {
            throw new IllegalArgumentException(NAME + ".latency_repeats must be positive, got " + latencyRepeats);
        }
    }

    static int nonNegative(Config args, String key) {
        int v = args.getInt(key);
        if (v < 0) {
            throw new IllegalArgumentException(key + " must be >= 0, got " + v);
        }
        return v;
    }

    private TrainingSetup setup() {
        TrainingSetup s = setup;
        if (s == null) {
            synchronized (this) {
                s = setup;
                if (s == null) {
                    setup = s = new TrainingSetup(root);
                }
            }
        }
        return s;
    }

    @Override
    public Map<String, Double> evaluate(ArchDesc desc, CandidateContext ctx) {
        TrainingSetup s = setup();
        TrainerConfig tc = s.trainer.with(subnetEpochs, ctx.threads() > 0 ? ctx.threads() : s.trainer.threads(),
                trainSteps > 0 ? trainSteps : s.trainer.maxSteps());
        Map<String, Double> m = new LinkedHashMap<>();
        try (NDManager manager = NDManager.newBaseManager(TrainingSetup.device(ctx))) {
            TrainingSetup.Network net = s.build(root, desc, ctx.seed(), tc.threads(), manager);
            Block block = net.block();
            ModelStats stats = net.stats();
            try (ImageTrainer trainer = new ImageTrainer(block, manager, tc, line -> { })) {
                trainer.onStep(ctx::checkDeadline);
                long t0 = System.nanoTime();
                if (subnetEpochs > 0) {
                    trainer.fit(s.train(ctx.seed()));
                }
                double trainSeconds = (System.nanoTime() - t0) / 1e9;
                if (numBnBatch > 0) {
                    trainer.recalibrateBatchNorm(s.train(ctx.seed() + 1), numBnBatch);
                }
                EvalMetrics v = trainer.evaluate(s.eval(s.data.valid()), validBatches);
                m.put("accuracy", v.top1());
                m.put("top5", v.top5());
                m.put("loss", v.loss());
                m.put("params", (double) stats.params());
                m.put("macs", (double) stats.macs());
                m.put("train_seconds", trainSeconds);
                m.put("epochs", (double) subnetEpochs);
                if (measureLatency) {
                    ctx.checkDeadline();
                    m.put("latency_ms", Latency.medianMillis(block, manager, new Shape(s.inputShape(1)), 2, latencyRepeats));
                }
            }
        }
        return m;
    }
}
