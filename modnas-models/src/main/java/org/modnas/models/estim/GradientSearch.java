package org.modnas.models.estim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import com.typesafe.config.Config;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.modnas.core.arch.ArchDesc;
import org.modnas.core.estim.AlphaRecord;
import org.modnas.core.estim.StageContext;
import org.modnas.core.estim.StageEpoch;
import org.modnas.core.estim.StageResult;
import org.modnas.core.estim.SupernetWeights;
import org.modnas.core.optim.Optimizer;
import org.modnas.core.registry.Registry;
import org.modnas.core.store.Location;
import org.modnas.core.util.Rng;
import org.modnas.models.data.Batch;
import org.modnas.models.data.BatchLoader;
import org.modnas.models.layers.SeededDropout;
import org.modnas.models.metrics.ModelStats;
import org.modnas.models.optim.GradientOptimizer;
import org.modnas.models.space.MixedOp;
import org.modnas.models.space.SearchSpace;
import org.modnas.models.space.TensorMixedOp;
import org.modnas.models.train.EvalMetrics;
import org.modnas.models.train.ImageTrainer;
import org.modnas.models.train.TrainerConfig;

/**
 * A {@link SuperNetEstimator} over gradient mixed ops: trains the supernet's weights and α
 * together. Each training batch, on the {@link ArchSchedule}, the gradient optimizer of
 * {@code search.optim} takes its arch steps first — each on its own validation batch from the
 * {@code data.train_portion} split — then the trainer takes the weight step. At the end of every
 * epoch it derives the desc (top-1 per mixed op), recalibrates batch norm for that subnet, validates
 * it and records the epoch ({@link StageEpoch}: metrics, desc, every α), and writes its progress to
 * the stage's resume file, from which a killed search continues at the next epoch.
 */
final class GradientSearch {
    private final Config root;
    private final int epochs;
    private final int trainSteps;
    private final int numBnBatch;
    private final int validBatches;
    private final ArchSchedule schedule;
    private final ArchCost.Settings costSettings;
    private final int latencyRepeats;

    GradientSearch(Config root, int epochs, int trainSteps, int numBnBatch, int validBatches, ArchSchedule schedule,
                   ArchCost.Settings cost, int latencyRepeats) {
        this.root = root;
        this.epochs = epochs;
        this.trainSteps = trainSteps;
        this.numBnBatch = numBnBatch;
        this.validBatches = validBatches;
        this.schedule = schedule;
        this.costSettings = cost;
        this.latencyRepeats = latencyRepeats;
    }

    /** The gradient optimizer of {@code search.optim}, or an error saying which ones there are. */
    static GradientOptimizer optimizer(Config root, org.modnas.core.arch.ArchSpace discrete) {
        Optimizer built = Registry.global().build(Optimizer.KIND, root.getConfig("search.optim"),
                Map.of(org.modnas.core.arch.ArchSpace.class, discrete));
        if (!(built instanceof GradientOptimizer g)) {
            throw new IllegalArgumentException("search.optim.type = " + root.getString("search.optim.type") + " is a discrete "
                    + "optimizer, but the supernet has gradient mixed ops whose α needs a gradient optimizer: DARTSOptim, "
                    + "BinaryGateOptim, DirectGradOptim, DirectGradOptimBiLevel or GumbelAnnealingOptim");
        }
        return g;
    }

    StageResult run(StageContext ctx, TrainingSetup s, SearchSpace space, NDManager manager, TrainerConfig tc) {
        GradientOptimizer optimizer = optimizer(root, space.archSpace());
        List<TensorMixedOp> ops = space.tensorMixedOps();
        if (space.archSpace().dimension() > 0) {
            throw new IllegalArgumentException(SuperNetEstimator.NAME + " with " + optimizer.name() + " steps the α of "
                    + "gradient mixed ops; this supernet also has " + space.archSpace().dimension() + " Index mixed ops, "
                    + "which no gradient reaches: use one kind of mixed op");
        }
        StageResume resume = new StageResume(ctx.checkpoint(), StageResume.fingerprint(root, ctx));
        StageResume.State saved = resume.read(ctx.progress());
        if (saved != null) {
            saved.load(space.network(), manager);
        }
        space.setMode(MixedOp.Mode.WEIGHT);
        ArchCost cost = cost(ctx, s, space, manager, resume);
        BatchLoader train = s.train(ctx.seed());
        BatchLoader valid = s.search(s.data.valid(), ctx.seed() ^ 0x7a11dL);
        long trainPerValid = Math.max(1, train.batchesPerEpoch() / Math.max(1, valid.batchesPerEpoch()));
        List<Parameter> weightParams = space.weightParameters();
        // everything random in training besides the data order, which follows from the seed and the epoch
        List<Rng> generators = new ArrayList<>();
        ops.forEach(op -> generators.add(op.generator()));
        SeededDropout.all(space.network()).forEach(d -> generators.add(d.generator()));
        List<StageEpoch> history = new ArrayList<>();
        double trainSeconds = 0;
        int first = 0;
        try (ImageTrainer trainer = new ImageTrainer(space.network(), weightParams, manager, tc, ctx.progress())) {
            if (saved != null) {
                saved.restore(trainer, optimizer, generators);
                history.addAll(saved.history());
                trainSeconds = saved.trainSeconds();
                first = saved.epochsDone();
                ctx.progress().accept("resuming after epoch " + first + " of " + epochs + " from " + ctx.checkpoint());
            }
            optimizer.begin(ops);
            SupernetArchStep step = new SupernetArchStep(trainer, weightParams, space, cost, manager);
            AtomicReference<Set<Parameter>> idle = new AtomicReference<>();
            trainer.updateOnly(p -> {
                if (idle.get() == null) {
                    idle.set(space.idleParameters());
                }
                return !idle.get().contains(p);
            });
            long perEpoch = train.batchesPerEpoch();
            long total = trainer.totalSteps(train, epochs);
            for (int e = first; e < epochs && e * perEpoch < total; e++) {
                BatchStream validStream = new BatchStream(valid, e);
                int epoch = e;
                long inEpoch = Math.min(perEpoch, total - e * perEpoch);
                trainer.onTrainStep((batch, global, lr) -> {
                    idle.set(null);
                    if (schedule.archStep(epoch, global - epoch * perEpoch, inEpoch, trainPerValid)) {
                        for (int k = 0; k < schedule.batches(); k++) {
                            optimizer.step(step.at(batch, validStream.next(), lr));
                        }
                    }
                });
                long t0 = System.nanoTime();
                double loss = trainer.fitEpoch(train, e, epochs);
                trainSeconds += (System.nanoTime() - t0) / 1e9;
                StageEpoch record = endOfEpoch(e, loss, optimizer, space, ops, cost, trainer, s, ctx.seed());
                history.add(record);
                ctx.progress().accept(describe(record));
                resume.write(e + 1, space.network(), trainer, optimizer, generators, history, trainSeconds);
                ctx.progress().accept("epoch " + (e + 1) + "/" + epochs + " saved to " + (ctx.checkpoint() == null
                        ? "no resume file" : ctx.checkpoint()));
            }
        }
        if (history.isEmpty()) {
            throw new IllegalStateException("no epoch was trained: trainer.max_steps or train_steps leave none");
        }
        StageEpoch last = history.get(history.size() - 1);
        Map<String, Double> m = new LinkedHashMap<>(last.metrics());
        m.put("train_seconds", trainSeconds);
        m.put("epochs", (double) history.size());
        m.put("arch_steps", (double) optimizer.steps());
        return new StageResult(m, last.desc(), new SupernetWeights(ctx.name(), TrainingSetup.parameters(space.network())),
                history);
    }

    /** The configured cost of the architecture, or null: MACs from the profile, latency measured on the device once. */
    private ArchCost cost(StageContext ctx, TrainingSetup s, SearchSpace space, NDManager manager, StageResume resume) {
        Shape sample = new Shape(s.inputShape(1)).slice(1);
        return switch (costSettings.metric()) {
            case NONE -> null;
            case MACS -> ArchCost.macs(costSettings, space, sample);
            case LATENCY -> ArchCost.latency(costSettings, LatencyTable.load(ctx.checkpoint() == null ? null
                    : Location.of(ctx.checkpoint()).parent().resolve(ctx.name() + ".latency.json"),
                    resume.fingerprint(), space, manager, new Shape(s.inputShape(1)), latencyRepeats, ctx.progress()));
        };
    }

    /** Derives the desc, validates its subnet on the supernet's weights, and records the epoch. */
    private StageEpoch endOfEpoch(int e, double loss, GradientOptimizer optimizer, SearchSpace space, List<TensorMixedOp> ops,
                                  ArchCost cost, ImageTrainer trainer, TrainingSetup s, long seed) {
        ArchDesc desc = space.exportDesc();
        List<AlphaRecord> alphas = new ArrayList<>();
        double entropy = 0;
        for (TensorMixedOp op : ops) {
            float[] a = op.tensorParam().values();
            float[] p = op.probabilities();
            for (int i = 0; i < a.length; i++) {
                alphas.add(new AlphaRecord(op.slotName(), op.candidateNames().get(i), a[i], p[i]));
                entropy -= p[i] > 0 ? p[i] * Math.log(p[i]) : 0;
            }
        }
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("loss", loss);
        m.put("alpha_entropy", ops.isEmpty() ? 0 : entropy / ops.size());
        m.put("arch_steps", (double) optimizer.steps());
        // the supernet as it trains (weighted sums of every candidate; a binary gate's best path)
        m.put("supernet_accuracy", trainer.evaluate(s.eval(s.data.valid()), validBatches).top1());
        int[] choice = new int[ops.size()];
        for (int k = 0; k < ops.size(); k++) {
            choice[k] = ops.get(k).best();
            ops.get(k).fix(choice[k]);
        }
        if (cost != null) {
            List<NDArray> arrays = space.alphaParameters().stream().map(Parameter::getArray).toList();
            boolean latency = cost.settings().metric() == ArchCost.Metric.LATENCY;
            try (NDManager scope = arrays.get(0).getManager().newSubManager()) {
                m.put(latency ? "expected_latency_ms" : "expected_macs", cost.expectedValue(arrays, scope));
            }
            if (latency) {
                m.put("latency_ms", cost.of(choice));
            }
        }
        try {
            ModelStats stats = space.stats(new Shape(s.inputShape(1)).slice(1));
            m.put("params", (double) stats.params());
            m.put("macs", (double) stats.macs());
            if (numBnBatch > 0) {
                trainer.recalibrateBatchNorm(s.train(seed + 1 + e), numBnBatch, true);
            }
            EvalMetrics v = trainer.evaluate(s.eval(s.data.valid()), validBatches);
            m.put("accuracy", v.top1());
            m.put("top5", v.top5());
            m.put("valid_loss", v.loss());
        } finally {
            for (TensorMixedOp op : ops) {
                op.fix(-1);
            }
        }
        return new StageEpoch(e + 1, m, desc, alphas);
    }

    private static String describe(StageEpoch r) {
        return String.format(java.util.Locale.ROOT, "epoch %d: supernet top1=%.4f, derived subnet top1=%.4f valid_loss=%.4f "
                + "alpha_entropy=%.4f %s", r.epoch(), r.metrics().get("supernet_accuracy"), r.metrics().get("accuracy"),
                r.metrics().get("valid_loss"), r.metrics().get("alpha_entropy"), r.desc().toJson());
    }

    /** The batches of a loader one epoch after another, starting from a position fixed by the training epoch. */
    private static final class BatchStream {
        private final BatchLoader loader;
        private final int base;
        private int pass;
        private java.util.Iterator<Batch> it;

        BatchStream(BatchLoader loader, int trainingEpoch) {
            this.loader = loader;
            this.base = trainingEpoch * 1009;
        }

        Batch next() {
            if (it == null || !it.hasNext()) {
                it = loader.epoch(base + pass++);
            }
            return it.next();
        }
    }
}
