package org.modnas.models.estim;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.modnas.core.arch.ArchDesc;
import org.modnas.core.estim.StageContext;
import org.modnas.core.estim.StageEpoch;
import org.modnas.core.estim.StageEstimator;
import org.modnas.core.estim.StageResult;
import org.modnas.core.estim.SupernetWeights;
import org.modnas.core.store.Location;
import org.modnas.core.util.Rng;
import org.modnas.models.data.Batch;
import org.modnas.models.data.DataSets;
import org.modnas.models.elastic.ChannelRanking;
import org.modnas.models.elastic.ElasticSpace;
import org.modnas.models.elastic.ElasticSpace.Dimension;
import org.modnas.models.space.SearchSpace;
import org.modnas.models.train.Autograd;
import org.modnas.models.train.EvalMetrics;
import org.modnas.models.train.ImageTrainer;
import org.modnas.models.train.TrainerConfig;

/**
 * Once-for-All's progressive shrinking: trains an elastic supernet ({@code MobileNetV2ElasticConstructor})
 * so that every subnet works without training of its own, then hands it to a search that only
 * selects and validates subnets. It starts from the weights an earlier entry of the chain handed on
 * (a {@code DefaultEstimator} that trained the full network), and trains in stages, each opening
 * elastic dimensions: by default OFA's order, the full network, then kernel size, then depth, then
 * width, each dimension kept open once opened ({@code cumulative}; false reproduces the original,
 * where a stage shrinks only what it lists). Each batch samples {@code n_subnet_batch} distinct
 * subnets of the stage's sub-space from the run's seeded generator, accumulates their gradients and
 * takes one step. With a teacher (the weights handed on, or {@code teacher_checkpoint}), a subnet's
 * loss is {@code (1 − kd_ratio)·CE + kd_ratio·T²·CE(softmax(teacher/T), student/T)}. Before a stage
 * that opens width, the hidden channels are re-ranked by importance (dropping any momentum carried
 * over); every {@code subnet_valid_freq} epochs and at the end of each stage a grid of subnets
 * (every combination of one depth, one width and one kernel for all blocks, over the stage's
 * choices) is validated after batch-norm recalibration and recorded. Progress is kept per stage in
 * the resume file.
 */
public final class ProgressiveShrinkingEstimator implements StageEstimator {
    /** Registered name. */
    public static final String NAME = "ProgressiveShrinkingEstimator";
    /** Argument defaults. */
    public static final String DEFAULTS = "epochs = 1, train_steps = 0, stages = null, n_subnet_batch = 2, use_ratio = false, "
            + "cumulative = true, reset_stage_training = true, stage_rerank_spatial = true, subnet_valid_freq = 0, "
            + "num_bn_batch = 20, clear_subnet_bn = true, valid_batches = 10, kd_ratio = 0.5, kd_temperature = 1, "
            + "teacher_checkpoint = null, save_stage = true";
    private static final long SAMPLER_STREAM = 0x5eed_0f_a11L;

    private final Config root;
    private final int epochs;
    private final int trainSteps;
    private final Config args;
    private final int nSubnetBatch;
    private final boolean useRatio;
    private final boolean cumulative;
    private final boolean resetStageTraining;
    private final boolean rerankSpatial;
    private final int validFreq;
    private final int numBnBatch;
    private final boolean clearSubnetBn;
    private final int validBatches;
    private final double kdRatio;
    private final double kdTemperature;
    private final String teacherCheckpoint;
    private final boolean saveStage;

    /** One shrinking stage: the choices of each open dimension and its epochs. */
    record Stage(Map<Dimension, List<Double>> open, int epochs) {
    }

    public ProgressiveShrinkingEstimator(Config root, Config args) {
        this.root = root;
        this.args = args;
        this.epochs = SubNetEstimator.nonNegative(args, "epochs");
        this.trainSteps = SubNetEstimator.nonNegative(args, "train_steps");
        this.nSubnetBatch = args.getInt("n_subnet_batch");
        this.useRatio = args.getBoolean("use_ratio");
        this.cumulative = args.getBoolean("cumulative");
        this.resetStageTraining = args.getBoolean("reset_stage_training");
        this.rerankSpatial = args.getBoolean("stage_rerank_spatial");
        this.validFreq = SubNetEstimator.nonNegative(args, "subnet_valid_freq");
        this.numBnBatch = SubNetEstimator.nonNegative(args, "num_bn_batch");
        this.clearSubnetBn = args.getBoolean("clear_subnet_bn");
        this.validBatches = SubNetEstimator.nonNegative(args, "valid_batches");
        this.kdRatio = args.getDouble("kd_ratio");
        this.kdTemperature = args.getDouble("kd_temperature");
        this.teacherCheckpoint = args.getIsNull("teacher_checkpoint") ? null : args.getString("teacher_checkpoint");
        this.saveStage = args.getBoolean("save_stage");
        if (nSubnetBatch < 1) {
            throw new IllegalArgumentException("n_subnet_batch must be >= 1, got " + nSubnetBatch);
        }
        if (epochs == 0) {
            throw new IllegalArgumentException("epochs must be >= 1 for a stage to train, got 0");
        }
        if (kdRatio < 0 || kdRatio > 1 || !(kdTemperature > 0)) {
            throw new IllegalArgumentException("kd_ratio must be in [0, 1] and kd_temperature > 0, got " + kdRatio + " and "
                    + kdTemperature);
        }
        stageSpecs(args); // checks the stages' keys now
    }

    @Override
    public void checkInputs() {
        DataSets.check(root.getConfig("data"));
        SearchSpace space = org.modnas.models.space.Spaces.build(root.getConfig("search_space"),
                org.modnas.core.registry.Registry.global(), root.getLong("run.seed"));
        if (space.elastic() == null) {
            throw new IllegalArgumentException(NAME + " needs an elastic supernet: add MobileNetV2ElasticConstructor to "
                    + "search_space.construct");
        }
        if (teacherCheckpoint != null && !isFile(teacherCheckpoint)) {
            throw new IllegalArgumentException("teacher_checkpoint " + teacherCheckpoint + " is not a file");
        }
    }

    /** The configured stages as dimension → choices, each with its epochs; null when none are configured. */
    private List<Stage> stageSpecs(Config a) {
        if (a.getIsNull("stages")) {
            return null;
        }
        List<Stage> out = new ArrayList<>();
        List<? extends Config> list = a.getConfigList("stages");
        for (int i = 0; i < list.size(); i++) {
            Config c = list.get(i);
            Map<Dimension, List<Double>> open = new EnumMap<>(Dimension.class);
            for (Map.Entry<String, ConfigValue> e : c.root().entrySet()) {
                Dimension d = switch (e.getKey()) {
                    case "sequential", "depth" -> Dimension.DEPTH;
                    case "spatial", "width", "expansion" -> Dimension.WIDTH;
                    case "kernel" -> Dimension.KERNEL;
                    case "epochs" -> null;
                    default -> throw new IllegalArgumentException("stages[" + i + "]: unknown key '" + e.getKey()
                            + "'; a stage lists sequential (depth), spatial (width), kernel and epochs");
                };
                if (d == null) {
                    continue;
                }
                if (e.getValue().valueType() != ConfigValueType.LIST) {
                    throw new IllegalArgumentException("stages[" + i + "]." + e.getKey() + " must be a list of numbers");
                }
                open.put(d, c.getDoubleList(e.getKey()));
            }
            out.add(new Stage(open, c.hasPath("epochs") ? c.getInt("epochs") : epochs));
        }
        return out;
    }

    /**
     * The stages to run: the configured ones (each open dimension kept open by later stages when
     * cumulative), or OFA's order over the space's own choices — the full network, then kernel, depth
     * and width, skipping dimensions with one choice.
     */
    List<Stage> stages(ElasticSpace elastic) {
        List<Stage> configured = stageSpecs(args);
        List<Stage> out = new ArrayList<>();
        if (configured != null) {
            Map<Dimension, List<Double>> open = new EnumMap<>(Dimension.class);
            for (Stage s : configured) {
                Map<Dimension, List<Double>> now = new EnumMap<>(Dimension.class);
                if (cumulative) {
                    now.putAll(open);
                }
                now.putAll(s.open());
                open = now;
                out.add(new Stage(now, s.epochs()));
            }
            return out;
        }
        out.add(new Stage(new EnumMap<>(Dimension.class), epochs));
        Map<Dimension, List<Double>> open = new EnumMap<>(Dimension.class);
        for (Dimension d : List.of(Dimension.KERNEL, Dimension.DEPTH, Dimension.WIDTH)) {
            Set<Integer> values = new LinkedHashSet<>();
            for (var b : elastic.blocks()) {
                values.addAll(switch (d) {
                    case KERNEL -> b.choices().kernels();
                    case DEPTH -> b.choices().depths();
                    case WIDTH -> b.choices().expansions();
                });
            }
            if (values.size() > 1) {
                open = new EnumMap<>(open);
                open.put(d, values.stream().sorted((x, y) -> y - x).map(Integer::doubleValue).toList());
                out.add(new Stage(open, epochs));
            }
        }
        return out;
    }

    @Override
    public StageResult run(StageContext ctx) {
        TrainingSetup s = new TrainingSetup(root);
        int threads = ctx.threads() > 0 ? ctx.threads() : s.trainer.threads();
        Map<String, Double> m = new LinkedHashMap<>();
        try (NDManager manager = NDManager.newBaseManager(TrainingSetup.device(ctx.gpu()))) {
            SearchSpace space = s.supernet(root, ctx.seed(), threads, ctx.input(), manager);
            ElasticSpace elastic = space.elastic();
            if (elastic == null) {
                throw new IllegalArgumentException(NAME + " needs an elastic supernet: add MobileNetV2ElasticConstructor to "
                        + "search_space.construct");
            }
            SearchSpace teacher = teacher(s, ctx, threads, manager);
            List<Stage> stages = stages(elastic);
            // as the original's use_ratio, ratios of the full size when configured so; OFA's default order lists sizes
            boolean ratios = useRatio && stageSpecs(args) != null;
            ShrinkingResume resume = new ShrinkingResume(ctx.checkpoint(), StageResume.fingerprint(root, ctx));
            ShrinkingResume.State state = resume.read(ctx.progress());
            Rng sampler = new Rng(ctx.seed() ^ SAMPLER_STREAM);
            List<StageEpoch> records = new ArrayList<>();
            byte[] momentum = null;
            int first = 0;
            double seconds = 0;
            if (state != null) {
                load(space, state.parameters(), manager);
                sampler.setState(state.sampler());
                records.addAll(state.records());
                momentum = state.momentum().length == 0 ? null : state.momentum();
                first = state.stagesDone();
                seconds = state.seconds();
                ctx.progress().accept("resuming progressive shrinking after stage " + first + " of " + stages.size());
            }
            long steps = 0;
            for (int i = first; i < stages.size(); i++) {
                Stage st = stages.get(i);
                long t0 = System.nanoTime();
                if (rerankSpatial && st.open().containsKey(Dimension.WIDTH)) {
                    ChannelRanking.rerank(elastic);
                    momentum = null; // reordered channels no longer line up with momentum carried over
                }
                ctx.progress().accept(String.format("stage %d/%d: %s, %d epochs", i + 1, stages.size(), describe(st), st.epochs()));
                TrainerConfig tc = s.trainer.with(st.epochs(), threads, trainSteps > 0 ? trainSteps : s.trainer.maxSteps());
                try (ImageTrainer trainer = new ImageTrainer(space.network(), manager, tc, ctx.progress())) {
                    if (!resetStageTraining && momentum != null) {
                        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(momentum))) {
                            trainer.readState(in);
                        }
                    }
                    AtomicReference<float[]> teacherProbs = new AtomicReference<>();
                    if (teacher != null && kdRatio > 0) {
                        trainer.trainingLoss((logits, labels, batch, scope) -> kdLoss(trainer, logits, labels, teacherProbs.get(), scope));
                    }
                    trainer.onTrainStep((batch, step, lr) -> {
                        if (teacher != null && kdRatio > 0) {
                            teacherProbs.set(teacherProbabilities(teacher, batch, manager));
                        }
                        List<ElasticSpace.Setting> subnets = distinct(elastic, sampler, st, ratios);
                        for (int j = 0; j < subnets.size() - 1; j++) {
                            elastic.apply(subnets.get(j));
                            try (NDManager scope = manager.newSubManager()) {
                                Autograd.backward(trainer.loss(batch, scope));
                            }
                        }
                        elastic.apply(subnets.get(subnets.size() - 1));
                    });
                    var train = s.train(ctx.seed() + 7919L * i);
                    double loss = Double.NaN;
                    for (int e = 0; e < st.epochs(); e++) {
                        double l = trainer.fitEpoch(train, e, st.epochs());
                        loss = Double.isNaN(l) ? loss : l;
                        boolean last = e == st.epochs() - 1;
                        if (last || (validFreq > 0 && (e + 1) % validFreq == 0)) {
                            records.add(validate(s, ctx, space, elastic, st, ratios, trainer, records.size() + 1, i + 1, loss, manager));
                        }
                    }
                    steps += trainer.stepLosses().size();
                    momentum = resetStageTraining ? null : ShrinkingResume.momentum(trainer);
                }
                seconds += (System.nanoTime() - t0) / 1e9;
                byte[] weights = TrainingSetup.parameters(space.network());
                if (saveStage && ctx.checkpoint() != null) {
                    Location.of(ctx.checkpoint()).parent().resolve("model_" + ctx.name() + "_stage_" + (i + 1) + ".params")
                            .write(weights);
                }
                resume.write(new ShrinkingResume.State(i + 1, weights, momentum, sampler.state(), records, seconds));
            }
            StageEpoch last = records.get(records.size() - 1);
            m.putAll(last.metrics());
            m.put("train_seconds", seconds);
            m.put("stages", (double) stages.size());
            m.put("steps_this_run", (double) steps);
            byte[] weights = TrainingSetup.parameters(space.network());
            return new StageResult(m, last.desc(), new SupernetWeights(ctx.name(), weights), records);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String describe(Stage st) {
        return st.open().isEmpty() ? "the full network" : "open " + st.open();
    }

    /** Up to {@code n_subnet_batch} distinct subnets of the stage's sub-space (fewer when it has fewer). */
    private List<ElasticSpace.Setting> distinct(ElasticSpace elastic, Rng rng, Stage st, boolean ratios) {
        List<ElasticSpace.Setting> out = new ArrayList<>();
        for (int tries = 0; out.size() < nSubnetBatch && tries < 20 * nSubnetBatch; tries++) {
            ElasticSpace.Setting s = elastic.sample(rng, st.open(), ratios);
            if (!out.contains(s)) {
                out.add(s);
            }
        }
        return out;
    }

    /**
     * Validates every combination of one depth, one width and one kernel choice of the stage, each
     * applied to all blocks, after batch-norm recalibration; the supernet's parameters are restored
     * afterwards, so validation changes nothing. Records each subnet's accuracy and the best one.
     */
    private StageEpoch validate(TrainingSetup s, StageContext ctx, SearchSpace space, ElasticSpace elastic, Stage st,
                                boolean ratios, ImageTrainer trainer, int record, int stage, double loss, NDManager manager) {
        byte[] saved = TrainingSetup.parameters(space.network());
        List<Map<Dimension, List<Double>>> grid = new ArrayList<>();
        grid.add(new EnumMap<>(Dimension.class));
        for (Map.Entry<Dimension, List<Double>> e : st.open().entrySet()) {
            List<Map<Dimension, List<Double>>> next = new ArrayList<>();
            for (Map<Dimension, List<Double>> g : grid) {
                for (double v : e.getValue()) {
                    Map<Dimension, List<Double>> c = new EnumMap<>(g);
                    c.put(e.getKey(), List.of(v));
                    next.add(c);
                }
            }
            grid = next;
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("stage", (double) stage);
        metrics.put("train_loss", loss);
        ArchDesc best = null;
        double bestAccuracy = Double.NEGATIVE_INFINITY;
        double sum = 0;
        double largest = Double.NaN;
        double smallest = Double.NaN;
        long maxMacs = Long.MIN_VALUE;
        long minMacs = Long.MAX_VALUE;
        for (Map<Dimension, List<Double>> point : grid) {
            ElasticSpace.Setting setting = elastic.sample(new Rng(0), point, ratios);
            elastic.apply(setting);
            if (numBnBatch > 0) {
                trainer.recalibrateBatchNorm(s.train(ctx.seed() + 1), numBnBatch, clearSubnetBn);
            }
            EvalMetrics e = trainer.evaluate(s.eval(s.data.valid()), validBatches);
            ArchDesc desc = inSpace(space, elastic.values(elastic.canonical(setting)));
            long macs = space.stats(new Shape(s.inputShape(1)).slice(1)).macs();
            String label = label(point);
            ctx.progress().accept(String.format("  subnet %s: top1=%.4f loss=%.4f macs=%d", label, e.top1(), e.loss(), macs));
            metrics.put("accuracy " + label, e.top1());
            metrics.put("macs " + label, (double) macs);
            sum += e.top1();
            if (desc != null && e.top1() > bestAccuracy) {
                bestAccuracy = e.top1();
                best = desc;
            }
            if (macs > maxMacs) {
                maxMacs = macs;
                largest = e.top1();
            }
            if (macs < minMacs) {
                minMacs = macs;
                smallest = e.top1();
            }
        }
        metrics.put("accuracy_mean", sum / grid.size());
        if (best != null) {
            metrics.put("accuracy_best", bestAccuracy);
        }
        metrics.put("accuracy_largest", largest);
        metrics.put("accuracy_smallest", smallest);
        load(space, saved, manager);
        elastic.apply(elastic.largest());
        return new StageEpoch(record, metrics, best, List.of());
    }

    /**
     * The desc of a subnet, or null when a shrinking stage trained it but the search space does not
     * offer it (an expansion a ratio gives that {@code expansion_range} lacks, say).
     */
    private static ArchDesc inSpace(SearchSpace space, Map<String, Object> values) {
        for (org.modnas.core.arch.Param p : space.archSpace().params()) {
            if (p instanceof org.modnas.core.arch.Categorical c && c.indexOf(values.get(p.name())) < 0) {
                return null;
            }
        }
        return ArchDesc.of(space.archSpace(), values);
    }

    /** {@code depth=4 width=6 kernel=7}, or {@code full} for the full network. */
    private static String label(Map<Dimension, List<Double>> point) {
        if (point.isEmpty()) {
            return "full";
        }
        StringBuilder b = new StringBuilder();
        point.forEach((d, v) -> b.append(b.length() == 0 ? "" : " ").append(d.name().toLowerCase(java.util.Locale.ROOT))
                .append('=').append(v.get(0) == Math.rint(v.get(0)) ? String.valueOf(v.get(0).intValue()) : String.valueOf(v.get(0))));
        return b.toString();
    }

    private static void load(SearchSpace space, byte[] parameters, NDManager manager) {
        try {
            TrainingSetup.load(space.network(), parameters, manager);
        } catch (IOException | MalformedModelException e) {
            throw new IllegalStateException("cannot restore the supernet's parameters: " + e.getMessage(), e);
        }
    }

    /** The teacher: the full network of the weights handed on, or of {@code teacher_checkpoint}; null without either. */
    private SearchSpace teacher(TrainingSetup s, StageContext ctx, int threads, NDManager manager) throws IOException {
        if (kdRatio == 0) {
            return null;
        }
        SupernetWeights weights = ctx.input();
        if (teacherCheckpoint != null) {
            weights = new SupernetWeights("teacher_checkpoint", Location.of(teacherCheckpoint).readBytes());
        }
        if (weights == null) {
            ctx.progress().accept("no teacher (no weights handed on, no teacher_checkpoint): knowledge distillation is off");
            return null;
        }
        SearchSpace t = s.supernet(root, ctx.seed(), threads, weights, manager);
        t.elastic().apply(t.elastic().largest());
        return t;
    }

    /** The teacher's softmax(logits / T) on a batch, without recording gradients. */
    private float[] teacherProbabilities(SearchSpace teacher, Batch b, NDManager manager) {
        try (NDManager scope = manager.newSubManager()) {
            NDArray x = scope.create(b.images(), new Shape(b.size(), b.channels(), b.height(), b.width()));
            NDArray logits = teacher.network().forward(new ParameterStore(scope, false), new NDList(x), false).singletonOrThrow();
            return logits.div((float) kdTemperature).softmax(1).toFloatArray();
        }
    }

    /** (1 − r)·CE(student, labels) + r·T²·CE(teacher probabilities, softmax(student / T)). */
    private NDArray kdLoss(ImageTrainer trainer, NDArray logits, NDArray labels, float[] teacherProbs, NDManager scope) {
        NDArray ce = trainer.crossEntropy(logits, labels);
        if (teacherProbs == null) {
            return ce;
        }
        NDArray p = scope.create(teacherProbs, logits.getShape());
        float t = (float) kdTemperature;
        NDArray soft = logits.div(t).logSoftmax(1).mul(p).sum(new int[] {1}).neg().mean().mul(t * t);
        return ce.mul((float) (1 - kdRatio)).add(soft.mul((float) kdRatio));
    }

    private static boolean isFile(String location) {
        try {
            return Location.of(location).isFile();
        } catch (java.io.IOException | IllegalArgumentException e) {
            return false;
        }
    }
}
