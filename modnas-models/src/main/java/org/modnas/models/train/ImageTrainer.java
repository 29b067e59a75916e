package org.modnas.models.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.modnas.core.estim.CandidateFailure;
import org.modnas.models.data.Batch;
import org.modnas.models.data.BatchLoader;
import org.modnas.models.layers.FusedOps;
import org.modnas.models.layers.Layers;
import org.modnas.models.layers.SeededDropout;

/**
 * Trains and evaluates an image classifier: SGD with momentum / Nesterov and weight
 * decay as PyTorch's SGD, a per-step cosine schedule with warm-up, label smoothing, gradient
 * clipping by global norm, top-1 / top-5 accuracy and loss. Every batch runs in its own
 * {@link NDManager} scope, so native memory does not grow from batch to batch; the momentum
 * buffers live in the trainer's scope and go with {@link #close()}. A NaN or infinite loss ends
 * training with a {@link CandidateFailure}.
 */
public final class ImageTrainer implements AutoCloseable {
    private final Block net;
    private final NDManager manager;
    private final ParameterStore store;
    private final TrainerConfig config;
    private final Consumer<String> progress;
    private final List<Parameter> trainable = new ArrayList<>();
    private final SgdState sgd;
    private final List<Float> stepLosses = new ArrayList<>();
    private final List<Double> stepTimes = new ArrayList<>();
    private Runnable stepCheck = () -> { };
    private StepHook trainStepHook = (batch, step, lr) -> { };
    private TrainingLoss trainingLoss;
    private Predicate<Parameter> updated = p -> true;
    private ProgressBar bar;
    private long dataNanos;
    private long stepNanos;
    private long firstStepNanos = -1;

    /**
     * Called before every training step with the step's batch, its index from the start of training
     * and its learning rate: a supernet trainer samples the next path, or takes an arch step, here.
     */
    @FunctionalInterface
    public interface StepHook {
        void beforeStep(Batch batch, long step, double lr);
    }

    /**
     * The training loss of a batch from the network's logits, in place of the cross-entropy with
     * {@code trainer.label_smoothing} (knowledge distillation, say). Arrays it makes belong to {@code scope}.
     */
    @FunctionalInterface
    public interface TrainingLoss {
        NDArray loss(NDArray logits, NDArray labels, Batch batch, NDManager scope);
    }

    /**
     * A trainer of every parameter of {@code net} that requires a gradient.
     *
     * @param net      an initialised network (see {@link #initialize})
     * @param manager  the manager the network's parameters live in (its device is the training device)
     * @param progress receives one line per epoch
     */
    public ImageTrainer(Block net, NDManager manager, TrainerConfig config, Consumer<String> progress) {
        this(net, trainableParameters(net), manager, config, progress);
    }

    /**
     * A trainer of the given parameters of {@code net} only: a supernet's weights, say, whose α an
     * arch optimizer steps. The gradients of the others are left for their owner to read and clear.
     */
    public ImageTrainer(Block net, List<Parameter> weights, NDManager manager, TrainerConfig config,
                        Consumer<String> progress) {
        this.net = net;
        this.manager = manager;
        this.store = new ParameterStore(manager, false);
        this.config = config;
        this.progress = progress == null ? s -> { } : progress;
        trainable.addAll(weights);
        this.sgd = new SgdState(trainable.size(), manager, config);
        if (config.channelsLast()) {
            for (Parameter p : trainable) {
                FusedOps.toChannelsLast(p.getArray());
            }
        }
        Autograd.threads(config.threads() > 0 ? config.threads() : Runtime.getRuntime().availableProcessors());
    }

    private static List<Parameter> trainableParameters(Block net) {
        List<Parameter> out = new ArrayList<>();
        for (Pair<String, Parameter> p : net.getParameters()) {
            if (p.getValue().requiresGradient()) {
                out.add(p.getValue());
            }
        }
        return out;
    }

    /**
     * Initialises a network's parameters for an input shape (batch dimension included) with the
     * engine seeded first, so the same seed gives the same weights, and seeds its
     * {@link SeededDropout} blocks from the same seed. Seeding is process-wide in the engine, so
     * initialisations are serialised.
     */
    public static void initialize(Block net, NDManager manager, Shape inputShape, long seed) {
        initialize(net, manager, inputShape, seed, 0);
    }

    /**
     * As {@link #initialize(Block, NDManager, Shape, long)}, with the engine's thread count set first
     * ({@code threads > 0}): the generated weights depend on how many threads generate them.
     */
    public static void initialize(Block net, NDManager manager, Shape inputShape, long seed, int threads) {
        Autograd.threads(threads);
        synchronized (ImageTrainer.class) {
            Engine.getEngine("PyTorch").setRandomSeed((int) (seed ^ (seed >>> 32)));
            net.initialize(manager, DataType.FLOAT32, inputShape);
        }
        SeededDropout.seedAll(net, seed);
    }

    /** Shows a live bar of the steps of each epoch (null for none). */
    public void showProgress(ProgressBar progressBar) {
        this.bar = progressBar;
    }

    /** Called before every step; throws to stop training (e.g. a candidate's deadline). */
    public void onStep(Runnable check) {
        this.stepCheck = check == null ? () -> { } : check;
    }

    /** Trains with {@code loss} instead of the cross-entropy (null: the cross-entropy again). */
    public void trainingLoss(TrainingLoss loss) {
        this.trainingLoss = loss;
    }

    /** The cross-entropy of logits against integer labels with {@code trainer.label_smoothing}. */
    public NDArray crossEntropy(NDArray logits, NDArray labels) {
        return crossEntropy(logits, labels, config.labelSmoothing());
    }

    private NDArray trainLoss(NDArray logits, NDArray labels, Batch b, NDManager scope) {
        return trainingLoss == null ? crossEntropy(logits, labels, config.labelSmoothing()) : trainingLoss.loss(logits, labels, b, scope);
    }

    /** Called before every training step only, after {@link #onStep} and after its batch is read. */
    public void onTrainStep(StepHook hook) {
        this.trainStepHook = hook == null ? (batch, step, lr) -> { } : hook;
    }

    /**
     * Which parameters a training step updates (all by default). A supernet trainer leaves out the
     * candidates a batch did not run, so momentum and weight decay do not move weights that had no
     * gradient, as PyTorch's SGD skips parameters whose gradient is unset.
     */
    public void updateOnly(Predicate<Parameter> which) {
        this.updated = which == null ? p -> true : which;
    }

    /** Seconds spent producing training batches so far (reading, normalising, augmenting). */
    public double dataSeconds() {
        return dataNanos / 1e9;
    }

    /** Seconds spent in training steps so far (forward, backward, update). */
    public double stepSeconds() {
        return stepNanos / 1e9;
    }

    /** Seconds the first training step took (a fresh network's first pass pays first-use costs), or 0 before it. */
    public double firstStepSeconds() {
        return Math.max(0, firstStepNanos) / 1e9;
    }

    /** Seconds of every training step so far (forward, backward, update; data excluded), in order. */
    public List<Double> stepTimes() {
        return List.copyOf(stepTimes);
    }

    /** The loss of every training step so far, in order. */
    public List<Float> stepLosses() {
        return List.copyOf(stepLosses);
    }

    /** Trains for {@code config.epochs()} epochs (or until max_steps); returns the mean loss of the last epoch. */
    public double fit(BatchLoader train) {
        return fit(train, config.epochs());
    }

    /** Trains for {@code epochs} epochs (or until max_steps); returns the mean loss of the last epoch. */
    public double fit(BatchLoader train, int epochs) {
        double lastLoss = Double.NaN;
        for (int epoch = 0; epoch < epochs && epoch * (long) train.batchesPerEpoch() < totalSteps(train, epochs); epoch++) {
            lastLoss = fitEpoch(train, epoch, epochs);
        }
        return lastLoss;
    }

    /** The training steps of {@code epochs} epochs of {@code train}, capped by max_steps. */
    public long totalSteps(BatchLoader train, int epochs) {
        long total = (long) train.batchesPerEpoch() * epochs;
        return config.maxSteps() > 0 ? Math.min(total, config.maxSteps()) : total;
    }

    /**
     * Trains epoch {@code epoch} (from 0) of {@code epochs}, on the learning-rate schedule of all
     * {@code epochs}, so a run trained epoch by epoch — or resumed at an epoch — steps exactly as
     * {@link #fit(BatchLoader, int)} does. Returns the epoch's mean loss (NaN when max_steps left no
     * step for it).
     */
    public double fitEpoch(BatchLoader train, int epoch, int epochs) {
        long perEpoch = train.batchesPerEpoch();
        return fitRange(train, epoch, epochs, epoch * perEpoch, (epoch + 1) * perEpoch);
    }

    /**
     * Trains the global steps {@code from} (inclusive) to {@code to} (exclusive) of a run of
     * {@code epochs} epochs, on that run's learning-rate schedule and data order: a run trained in
     * slices (say, rung by rung of a multi-fidelity schedule, each slice resumed from a checkpoint
     * of the weights and {@link #writeState}) steps exactly as the run trained at once. Returns the
     * mean loss of the last epoch's part trained (NaN when no step was left).
     */
    public double fitSteps(BatchLoader train, long from, long to, int epochs) {
        long perEpoch = train.batchesPerEpoch();
        double lastLoss = Double.NaN;
        for (long epoch = from / perEpoch; epoch * perEpoch < Math.min(to, totalSteps(train, epochs)); epoch++) {
            lastLoss = fitRange(train, (int) epoch, epochs, Math.max(from, epoch * perEpoch), Math.min(to, (epoch + 1) * perEpoch));
        }
        return lastLoss;
    }

    /** Trains steps {@code first} to {@code end} (exclusive) of epoch {@code epoch}, skipping the epoch's batches before {@code first}. */
    private double fitRange(BatchLoader train, int epoch, int epochs, long first, long end) {
        long perEpoch = train.batchesPerEpoch();
        long total = totalSteps(train, epochs);
        long stop = Math.min(total, end);
        long step = epoch * perEpoch;
        long t0 = System.nanoTime();
        double sum = 0;
        long images = 0;
        long correct = 0;
        int n = 0;
        Iterator<Batch> it = train.epoch(epoch);
        for (; step < first && it.hasNext(); step++) {
            it.next(); // the data order (and augmentation draws) of a slice resumed mid-epoch
        }
        while (it.hasNext() && step < stop) {
            stepCheck.run();
            long t = System.nanoTime();
            Batch b = it.next();
            dataNanos += System.nanoTime() - t;
            double lr = config.learningRate(step, total, perEpoch);
            trainStepHook.beforeStep(b, step, lr);
            long tStep = System.nanoTime();
            float[] lossAndCorrect = step(b, lr);
            long stepTime = System.nanoTime() - tStep;
            stepNanos += stepTime;
            stepTimes.add(stepTime / 1e9);
            if (firstStepNanos < 0) {
                firstStepNanos = stepTime;
            }
            float loss = lossAndCorrect[0];
            if (!Float.isFinite(loss)) {
                throw new CandidateFailure("loss became " + loss + " at epoch " + (epoch + 1) + " step " + (n + 1));
            }
            stepLosses.add(loss);
            sum += loss;
            correct += (long) lossAndCorrect[1];
            images += b.size();
            n++;
            step++;
            if (bar != null) {
                bar.update("epoch " + (epoch + 1) + "/" + epochs, n, Math.min(perEpoch, total - (step - n)),
                        String.format("loss=%.4f", sum / n));
            }
        }
        if (bar != null) {
            bar.clear();
        }
        if (n == 0) {
            return Double.NaN;
        }
        double lastLoss = sum / n;
        double secs = (System.nanoTime() - t0) / 1e9;
        progress.accept(String.format("epoch %d/%d loss=%.4f train_acc=%.4f lr=%.5f images_per_s=%.1f",
                epoch + 1, epochs, lastLoss, (double) correct / Math.max(1, images),
                config.learningRate(Math.max(0, step - 1), total, perEpoch), images / Math.max(secs, 1e-9)));
        return lastLoss;
    }

    /** The settings this trainer steps with. */
    public TrainerConfig config() {
        return config;
    }

    /**
     * The training loss of one batch with its graph recorded, so that gradients can be taken from it
     * (an arch step's forward pass). The arrays belong to {@code scope}.
     */
    public NDArray loss(Batch b, NDManager scope) {
        NDArray x = input(scope, b);
        NDArray y = scope.create(b.labels());
        Autograd.record(true);
        try {
            NDArray logits = net.forward(store, new NDList(x), true).singletonOrThrow();
            return trainLoss(logits, y, b, scope);
        } finally {
            Autograd.record(false);
        }
    }

    /**
     * The momentum buffer of parameter {@code p} as PyTorch's SGD keeps it ({@code buf = mu·buf + d}),
     * as a new array in {@code scope}, or null before its first update or without momentum.
     */
    public NDArray momentumBuffer(Parameter p, NDManager scope) {
        for (int i = 0; i < trainable.size(); i++) {
            if (trainable.get(i) == p) {
                return sgd.buffer(i, scope);
            }
        }
        return null;
    }

    /**
     * Writes the weight optimizer's state (the momentum buffers and the learning rate each is scaled
     * to) for a checkpoint; {@link #readState} restores it into a trainer of the same parameters.
     */
    public void writeState(DataOutputStream out) throws IOException {
        sgd.write(out);
    }

    /** Restores what {@link #writeState} wrote. */
    public void readState(DataInputStream in) throws IOException {
        sgd.read(in);
    }

    private float[] step(Batch b, double lr) {
        try (NDManager scope = manager.newSubManager()) {
            NDArray x = input(scope, b);
            NDArray y = scope.create(b.labels());
            NDArray loss;
            NDArray logits;
            Autograd.record(true);
            try {
                logits = net.forward(store, new NDList(x), true).singletonOrThrow();
                loss = trainLoss(logits, y, b, scope);
            } finally {
                Autograd.record(false);
            }
            float lossValue = loss.getFloat();
            if (!Float.isFinite(lossValue)) {
                clearGradients();
                return new float[] {lossValue, 0};
            }
            Autograd.backward(loss);
            float correct = logits.argMax(1).toType(DataType.INT32, false).eq(y).sum().toType(DataType.FLOAT32, false).getFloat();
            update(scope, lr);
            return new float[] {lossValue, correct};
        }
    }

    private void update(NDManager scope, double lr) {
        List<NDArray> grads = new ArrayList<>(trainable.size());
        for (Parameter p : trainable) {
            grads.add(Autograd.gradient(p.getArray(), scope));
        }
        double clip = 1.0;
        if (config.gradClip() > 0) {
            // the global norm from one scalar per parameter: no full-size temporaries
            List<NDArray> norms = new ArrayList<>();
            for (int i = 0; i < grads.size(); i++) {
                if (grads.get(i) != null && updated.test(trainable.get(i))) {
                    norms.add(grads.get(i).norm());
                }
            }
            if (!norms.isEmpty()) {
                double norm = NDArrays.stack(new NDList(norms)).norm().getFloat();
                if (norm > config.gradClip()) {
                    clip = config.gradClip() / (norm + 1e-6);
                }
            }
        }
        for (int i = 0; i < trainable.size(); i++) {
            NDArray g = grads.get(i);
            if (g == null || !updated.test(trainable.get(i))) {
                // not reached by this batch: no update, as PyTorch's SGD skips parameters without a gradient
                if (g != null) {
                    Autograd.zeroGradient(trainable.get(i).getArray());
                }
                continue;
            }
            NDArray p = trainable.get(i).getArray();
            sgd.update(i, p, g, clip, lr, scope);
            Autograd.zeroGradient(p);
        }
    }

    /** A batch's images as the network's input, in channels-last memory when configured. */
    private NDArray input(NDManager scope, Batch b) {
        NDArray x = scope.create(b.images(), new Shape(b.size(), b.channels(), b.height(), b.width()));
        return config.channelsLast() ? FusedOps.channelsLast(x) : x;
    }

    /** Moves a temporary created from a long-lived array into the batch scope, so it is freed with it. */
    private static NDArray scoped(NDArray a, NDManager scope) {
        a.attach(scope);
        return a;
    }

    private void clearGradients() {
        for (Parameter p : trainable) {
            Autograd.zeroGradient(p.getArray());
        }
    }

    /** Mean cross-entropy of logits against integer labels, with label smoothing ε. */
    static NDArray crossEntropy(NDArray logits, NDArray labels, double smoothing) {
        int k = (int) logits.getShape().get(1);
        NDArray logp = logits.logSoftmax(1);
        NDArray target = labels.oneHot(k, DataType.FLOAT32);
        if (smoothing > 0) {
            target = target.mul(1 - smoothing).add(smoothing / k);
        }
        return logp.mul(target).sum(new int[] {1}).neg().mean();
    }

    /** Loss, top-1 and top-5 over a data split (at most {@code maxBatches}, 0 = all), in inference mode. */
    public EvalMetrics evaluate(BatchLoader data, int maxBatches) {
        Autograd.record(false);
        double lossSum = 0;
        long top1 = 0;
        long top5 = 0;
        long images = 0;
        int batches = 0;
        Iterator<Batch> it = data.epoch(0);
        while (it.hasNext() && (maxBatches <= 0 || batches < maxBatches)) {
            stepCheck.run();
            Batch b = it.next();
            try (NDManager scope = manager.newSubManager()) {
                NDArray x = input(scope, b);
                NDArray y = scope.create(b.labels()).toType(DataType.INT64, false);
                NDArray logits = net.forward(store, new NDList(x), false).singletonOrThrow();
                NDArray nll = crossEntropy(logits, y, 0).mul(b.size());
                lossSum += nll.getFloat();
                int k = Math.min(5, (int) logits.getShape().get(1));
                NDArray order = logits.argSort(1, false).get(":, :" + k);
                NDArray hits = order.eq(y.reshape(-1, 1));
                top1 += hits.get(":, 0").toType(DataType.INT64, false).sum().getLong();
                top5 += hits.toType(DataType.INT64, false).sum().getLong();
                images += b.size();
            }
            batches++;
        }
        if (images == 0) {
            throw new IllegalArgumentException(data.data().name() + ": nothing to evaluate");
        }
        return new EvalMetrics(lossSum / images, (double) top1 / images, (double) top5 / images, images);
    }

    /**
     * Re-estimates batch-norm running statistics on {@code batches} training batches (SubNet
     * estimation of a network whose weights came from elsewhere): forward passes in training mode
     * without gradients or weight updates, which move the running statistics by the layers'
     * exponential average.
     */
    public void recalibrateBatchNorm(BatchLoader data, int batches) {
        recalibrateBatchNorm(data, batches, false);
    }

    /**
     * As {@link #recalibrateBatchNorm(BatchLoader, int)}; with {@code clear}, the statistics the
     * network had are discarded and replaced by the plain average over the batches of each batch's
     * statistics (a subnet selected on a supernet: what the supernet's layers averaged over other
     * paths does not describe this one). Layers the batches do not reach keep their statistics.
     */
    public void recalibrateBatchNorm(BatchLoader data, int batches, boolean clear) {
        Autograd.record(false);
        List<NDArray> running = clear ? runningStatistics() : List.of();
        List<NDArray> average = new ArrayList<>();
        try (NDManager sums = manager.newSubManager()) {
            for (NDArray r : running) {
                NDArray c = r.duplicate();
                c.attach(sums);
                average.add(c);
            }
            Iterator<Batch> it = data.epoch(0);
            for (int i = 0; i < batches && it.hasNext(); i++) {
                stepCheck.run();
                Batch b = it.next();
                try (NDManager scope = manager.newSubManager()) {
                    NDArray x = input(scope, b);
                    net.forward(store, new NDList(x), true);
                    // the layer moved r to keep * c + (1 - keep) * batch; fold the batch into the average c
                    // and start the next batch from it: c += (r - c) / ((1 - keep) * n)
                    double scale = 1.0 / ((1 - Layers.BN_MOMENTUM) * (i + 1));
                    for (int k = 0; k < running.size(); k++) {
                        NDArray r = running.get(k);
                        NDArray c = average.get(k);
                        NDArray step = scoped(r.sub(c), scope).muli(scale);
                        c.addi(step);
                        r.muli(0).addi(c);
                    }
                }
            }
        }
    }

    /** The running-mean and running-variance arrays of every batch-norm layer. */
    private List<NDArray> runningStatistics() {
        List<NDArray> out = new ArrayList<>();
        for (Pair<String, Parameter> p : net.getParameters()) {
            Parameter.Type t = p.getValue().getType();
            if ((t == Parameter.Type.RUNNING_MEAN || t == Parameter.Type.RUNNING_VAR) && p.getValue().isInitialized()) {
                out.add(p.getValue().getArray());
            }
        }
        return out;
    }

    @Override
    public void close() {
        sgd.close();
    }
}
