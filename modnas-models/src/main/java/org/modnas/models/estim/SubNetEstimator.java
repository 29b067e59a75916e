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
import org.modnas.core.estim.Fidelity;
import org.modnas.core.estim.SupernetWeights;
import org.modnas.core.store.Location;
import org.modnas.models.data.BatchLoader;
import org.modnas.models.data.DataSets;
import org.modnas.models.metrics.ModelStats;
import org.modnas.models.space.SearchSpace;
import org.modnas.models.train.EvalMetrics;
import org.modnas.models.train.ImageTrainer;
import org.modnas.models.train.TrainerConfig;

/**
 * Evaluates one candidate architecture. Without a trained supernet (or with
 * {@code rebuild_subnet}) it builds the network the arch desc names with the {@code desc_construct}
 * chain and initialises it from the candidate's seed. When an earlier entry of the estimator chain
 * handed on a trained supernet, it instead loads a fresh copy of that supernet and selects the
 * desc's candidate in every Index mixed op. Either way it then trains for {@code subnet_epochs}
 * (or {@code train_steps} steps; only the selected path runs, so only its weights move), optionally recalibrates
 * batch norm on {@code num_bn_batch} batches ({@code clear_subnet_bn}: from scratch rather than
 * from the supernet's statistics), validates on {@code valid_batches} batches of the validation
 * split, and measures params, MACs and latency of the subnet. This is the unit a Spark task runs.
 * Its metrics include where the candidate's time went: {@code build_seconds} (blocks from the desc,
 * or selecting on the supernet), {@code init_seconds}, {@code train_seconds} (of which
 * {@code first_step_seconds}), {@code bn_seconds}, {@code valid_seconds} and {@code latency_seconds}.
 * Under a multi-fidelity scheduler the context's {@link Fidelity} replaces {@code subnet_epochs}
 * and {@code train_steps}: the candidate trains from the rung it reached (its checkpoint) to the
 * next, on the learning-rate schedule of the scheduler's {@code max_resource}, and leaves a
 * checkpoint for the rung after.
 * Data is read once per JVM; every tensor of a candidate lives in a manager closed when the
 * candidate ends, so candidates never share weights.
 */
public final class SubNetEstimator implements CandidateEstimator {
    /** Registered name. */
    public static final String NAME = "SubNetEstimator";
    /** Argument defaults. */
    public static final String DEFAULTS = "subnet_epochs = 1, train_steps = 0, num_bn_batch = 0, valid_batches = 0, "
            + "measure_latency = true, latency_repeats = 10, rebuild_subnet = false, clear_subnet_bn = true";

    private final Config root;
    private final int subnetEpochs;
    private final int trainSteps;
    private final int numBnBatch;
    private final int validBatches;
    private final boolean measureLatency;
    private final int latencyRepeats;
    private final boolean rebuildSubnet;
    private final boolean clearSubnetBn;
    private final SupernetWeights supernet;
    private volatile TrainingSetup setup;

    /**
     * @param root the whole config (its {@code search_space}, {@code data} and {@code trainer} sections)
     * @param args this estimator's arguments
     * @param supernet the trained supernet an earlier chain entry handed on, or null
     */
    public SubNetEstimator(Config root, Config args, SupernetWeights supernet) {
        this.root = root;
        this.subnetEpochs = nonNegative(args, "subnet_epochs");
        this.trainSteps = nonNegative(args, "train_steps");
        this.numBnBatch = nonNegative(args, "num_bn_batch");
        this.validBatches = nonNegative(args, "valid_batches");
        this.measureLatency = args.getBoolean("measure_latency");
        this.latencyRepeats = args.getInt("latency_repeats");
        this.rebuildSubnet = args.getBoolean("rebuild_subnet");
        this.clearSubnetBn = args.getBoolean("clear_subnet_bn");
        this.supernet = supernet;
        if (latencyRepeats <= 0) {
            throw new IllegalArgumentException(NAME + ".latency_repeats must be positive, got " + latencyRepeats);
        }
    }

    /** Checks the configured data's files (headers and sizes) without reading them. */
    @Override
    public void checkInputs() {
        DataSets.check(root.getConfig("data"));
    }

    /** True when candidates are selected on a trained supernet rather than built from their desc. */
    public boolean selectsOnSupernet() {
        return supernet != null && !rebuildSubnet;
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
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

    /** Trains rung by rung under a multi-fidelity scheduler: a fidelity replaces subnet_epochs and train_steps. */
    @Override
    public boolean trainsInSlices() {
        return true;
    }

    /** The training steps a resource stands for. */
    private static long steps(Fidelity f, double resource, long perEpoch) {
        return f.unit() == Fidelity.Unit.STEPS ? Fidelity.whole(resource) : Fidelity.whole(resource) * perEpoch;
    }

    @Override
    public Map<String, Double> evaluate(ArchDesc desc, CandidateContext ctx) {
        TrainingSetup s = setup();
        int threads = ctx.threads() > 0 ? ctx.threads() : s.trainer.threads();
        Fidelity f = ctx.fidelity();
        BatchLoader train = s.train(ctx.seed());
        long perEpoch = train.batchesPerEpoch();
        TrainerConfig tc;
        if (f == null) {
            tc = s.trainer.with(subnetEpochs, threads, trainSteps > 0 ? trainSteps : s.trainer.maxSteps());
        } else {
            long max = steps(f, f.max(), perEpoch);
            tc = s.trainer.with((int) ((max + perEpoch - 1) / perEpoch), threads, f.unit() == Fidelity.Unit.STEPS ? (int) max : 0);
        }
        Map<String, Double> m = new LinkedHashMap<>();
        Map<String, Double> phases = new LinkedHashMap<>();
        try (NDManager manager = NDManager.newBaseManager(TrainingSetup.device(ctx))) {
            Block block;
            ModelStats stats;
            long t0 = System.nanoTime();
            if (selectsOnSupernet()) {
                SearchSpace space = s.supernet(root, ctx.seed(), tc.threads(), supernet, manager);
                space.select(desc);
                block = space.network();
                stats = space.stats(new Shape(s.inputShape(1)).slice(1));
                phases.put("build_seconds", seconds(t0));
            } else {
                TrainingSetup.Network net = s.build(root, desc, ctx.seed(), tc.threads(), manager);
                block = net.block();
                stats = net.stats();
                phases.put("build_seconds", net.buildSeconds());
                phases.put("init_seconds", net.initSeconds());
            }
            CandidateCheckpoint resumed = f == null || f.resumeFrom() == null ? null : CandidateCheckpoint.read(Location.of(f.resumeFrom()));
            long from = f == null ? 0 : steps(f, f.from(), perEpoch);
            if (resumed != null) {
                if (resumed.step() != from) {
                    throw new IllegalStateException("the checkpoint " + f.resumeFrom() + " is at step " + resumed.step()
                            + ", the rung continues from step " + from);
                }
                resumed.load(block, manager);
            }
            try (ImageTrainer trainer = new ImageTrainer(block, manager, tc, line -> { })) {
                trainer.onStep(ctx::checkDeadline);
                if (resumed != null) {
                    resumed.restore(trainer, block);
                }
                long t1 = System.nanoTime();
                long to = 0;
                if (f != null) {
                    to = steps(f, f.to(), perEpoch);
                    trainer.fitSteps(train, from, to, tc.epochs());
                    if (f.saveTo() != null) {
                        CandidateCheckpoint.write(Location.of(f.saveTo()), to, block, trainer);
                    }
                } else if (subnetEpochs > 0) {
                    trainer.fit(train);
                }
                double trainSeconds = seconds(t1);
                phases.put("first_step_seconds", trainer.firstStepSeconds());
                long t2 = System.nanoTime();
                if (numBnBatch > 0) {
                    trainer.recalibrateBatchNorm(s.train(ctx.seed() + 1), numBnBatch, clearSubnetBn && selectsOnSupernet());
                }
                phases.put("bn_seconds", seconds(t2));
                long t3 = System.nanoTime();
                EvalMetrics v = trainer.evaluate(s.eval(s.data.valid()), validBatches);
                phases.put("valid_seconds", seconds(t3));
                m.put("accuracy", v.top1());
                m.put("top5", v.top5());
                m.put("loss", v.loss());
                m.put("params", (double) stats.params());
                m.put("macs", (double) stats.macs());
                m.put("train_seconds", trainSeconds);
                if (f == null) {
                    m.put("epochs", (double) subnetEpochs);
                } else {
                    m.put("epochs", (double) to / perEpoch);
                    m.put("steps", (double) to);
                }
                if (measureLatency) {
                    ctx.checkDeadline();
                    long t4 = System.nanoTime();
                    m.put("latency_ms", Latency.medianMillis(block, manager, new Shape(s.inputShape(1)), 2, latencyRepeats));
                    phases.put("latency_seconds", seconds(t4));
                }
            }
        }
        m.putAll(phases);
        return m;
    }
}
