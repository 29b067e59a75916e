package org.modnas.models.estim;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import com.typesafe.config.Config;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.modnas.core.arch.ArchDesc;
import org.modnas.core.arch.ArchSpace;
import org.modnas.core.estim.StageContext;
import org.modnas.core.estim.StageEstimator;
import org.modnas.core.estim.StageResult;
import org.modnas.core.estim.SupernetWeights;
import org.modnas.core.util.Rng;
import org.modnas.models.data.DataSets;
import org.modnas.models.space.SearchSpace;
import org.modnas.models.train.EvalMetrics;
import org.modnas.models.train.ImageTrainer;
import org.modnas.models.train.TrainerConfig;

/**
 * Trains the weights of a supernet once, before a search (the {@code warmup} entry of
 * a chain): builds the network of the {@code construct} chain, whose Index mixed ops hold every
 * candidate of their slot, and trains it for {@code epochs} with a uniformly sampled path per batch
 * (single-path one-shot training; only the sampled candidates' weights move). It then validates
 * {@code valid_subnets} sampled subnets, each after batch-norm recalibration on
 * {@code num_bn_batch} batches, and hands the trained weights to the chain's candidate estimator,
 * which selects each candidate on a copy of them instead of training it from scratch.
 *
 * <p>A supernet of gradient mixed ops (WeightedSum, BinGate, GumbelSum) is searched instead: its
 * weights and α are trained together, α by the gradient optimizer of {@code search.optim} (DARTS,
 * ProxylessNAS...) on the {@code arch_update_*} schedule ({@link GradientSearch}).
 */
public final class SuperNetEstimator implements StageEstimator {
    /** Registered name. */
    public static final String NAME = "SuperNetEstimator";
    /** Argument defaults. */
    public static final String DEFAULTS = "epochs = 1, train_steps = 0, num_bn_batch = 20, valid_subnets = 4, valid_batches = 10, "
            + "arch_update_epoch_start = 0, arch_update_epoch_intv = 1, arch_update_intv = -1, arch_update_batch = 1, "
            + "cost_metric = none, cost_form = \"mul#log\", cost_target = 0, cost_beta = 0.6, cost_lambda = 0.1, latency_repeats = 10";
    /** Mixed into the stage seed for the path sampler, so paths do not repeat the data order's draws. */
    private static final long PATH_STREAM = 0x5eed_0f_5a7aL;

    private final Config root;
    private final int epochs;
    private final int trainSteps;
    private final int numBnBatch;
    private final int validSubnets;
    private final int validBatches;
    private final ArchSchedule schedule;
    private final ArchCost.Settings cost;
    private final int latencyRepeats;

    /**
     * @param root the whole config (its {@code search_space}, {@code data} and {@code trainer} sections)
     * @param args this estimator's arguments
     */
    public SuperNetEstimator(Config root, Config args) {
        this.root = root;
        this.epochs = SubNetEstimator.nonNegative(args, "epochs");
        this.trainSteps = SubNetEstimator.nonNegative(args, "train_steps");
        this.numBnBatch = SubNetEstimator.nonNegative(args, "num_bn_batch");
        this.validSubnets = SubNetEstimator.nonNegative(args, "valid_subnets");
        this.validBatches = SubNetEstimator.nonNegative(args, "valid_batches");
        this.schedule = new ArchSchedule(args.getInt("arch_update_epoch_start"), args.getInt("arch_update_epoch_intv"),
                args.getInt("arch_update_intv"), args.getInt("arch_update_batch"));
        this.cost = ArchCost.Settings.from(args);
        this.latencyRepeats = args.getInt("latency_repeats");
        if (epochs == 0) {
            throw new IllegalArgumentException("epochs must be >= 1 for a supernet to be trained, got 0");
        }
    }

    /**
     * Checks the configured data's files (headers and sizes) without reading them, and that a supernet
     * of gradient mixed ops has a gradient optimizer in {@code search.optim}.
     */
    @Override
    public void checkInputs() {
        DataSets.check(root.getConfig("data"));
        SearchSpace space = org.modnas.models.space.Spaces.build(root.getConfig("search_space"),
                org.modnas.core.registry.Registry.global(), root.getLong("run.seed"));
        if (!space.tensorParams().isEmpty()) {
            GradientSearch.optimizer(root, space.archSpace());
        }
    }

    @Override
    public StageResult run(StageContext ctx) {
        TrainingSetup s = new TrainingSetup(root);
        int threads = ctx.threads() > 0 ? ctx.threads() : s.trainer.threads();
        TrainerConfig tc = s.trainer.with(epochs, threads, trainSteps > 0 ? trainSteps : s.trainer.maxSteps());
        Map<String, Double> m = new LinkedHashMap<>();
        try (NDManager manager = NDManager.newBaseManager(TrainingSetup.device(ctx.gpu()))) {
            SearchSpace space = s.supernet(root, ctx.seed(), tc.threads(), ctx.input(), manager);
            ArchSpace arch = space.archSpace();
            if (!space.tensorParams().isEmpty()) {
                return new GradientSearch(root, epochs, trainSteps, numBnBatch, validBatches, schedule, cost, latencyRepeats).run(ctx, s, space,
                        manager, tc);
            }
            if (arch.dimension() == 0) {
                throw new IllegalArgumentException(NAME + " needs a supernet: search_space has no Index mixed ops; add "
                        + "search_space.construct.mixed_op { type = DefaultMixedOpConstructor, mixed_op = Index, primitives = [...] }");
            }
            Rng paths = new Rng(ctx.seed() ^ PATH_STREAM);
            AtomicReference<Set<Parameter>> idle = new AtomicReference<>(Set.of());
            try (ImageTrainer trainer = new ImageTrainer(space.network(), manager, tc, ctx.progress())) {
                trainer.onTrainStep((batch, step, lr) -> {
                    space.select(arch.desc(arch.sample(paths)));
                    idle.set(space.idleParameters());
                });
                trainer.updateOnly(p -> !idle.get().contains(p));
                long t0 = System.nanoTime();
                double loss = trainer.fit(s.train(ctx.seed()));
                m.put("loss", loss);
                m.put("train_seconds", (System.nanoTime() - t0) / 1e9);
                m.put("epochs", (double) epochs);
                m.put("steps", (double) trainer.stepLosses().size());
                // hand on the weights as trained: the validation below recalibrates batch norm per subnet
                byte[] weights = TrainingSetup.parameters(space.network());
                m.put("supernet_params", (double) countParameters(space));
                ArchDesc best = null;
                double bestAccuracy = Double.NEGATIVE_INFINITY;
                double sum = 0;
                for (int v = 0; v < validSubnets; v++) {
                    ArchDesc desc = arch.desc(arch.sample(paths));
                    space.select(desc);
                    if (numBnBatch > 0) {
                        trainer.recalibrateBatchNorm(s.train(ctx.seed() + 1 + v), numBnBatch, true);
                    }
                    EvalMetrics e = trainer.evaluate(s.eval(s.data.valid()), validBatches);
                    ctx.progress().accept(String.format("subnet %d/%d: top1=%.4f loss=%.4f %s", v + 1, validSubnets,
                            e.top1(), e.loss(), desc.toJson()));
                    sum += e.top1();
                    if (e.top1() > bestAccuracy) {
                        bestAccuracy = e.top1();
                        best = desc;
                    }
                }
                if (validSubnets > 0) {
                    m.put("subnet_accuracy_mean", sum / validSubnets);
                    m.put("subnet_accuracy_best", bestAccuracy);
                }
                return new StageResult(m, best, new SupernetWeights(ctx.name(), weights));
            }
        }
    }

    private static long countParameters(SearchSpace space) {
        long n = 0;
        for (Parameter p : space.weightParameters()) {
            n += p.getArray().getShape().size();
        }
        return n;
    }
}
