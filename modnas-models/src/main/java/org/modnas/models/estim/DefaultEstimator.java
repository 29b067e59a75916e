package org.modnas.models.estim;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import com.typesafe.config.Config;
import java.io.DataOutputStream;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.modnas.core.arch.ArchDesc;
import org.modnas.core.estim.CandidateContext;
import org.modnas.core.estim.CandidateEstimator;
import org.modnas.core.estim.StageContext;
import org.modnas.core.estim.StageEstimator;
import org.modnas.core.estim.StageResult;
import org.modnas.core.estim.SupernetWeights;
import org.modnas.core.store.Location;
import org.modnas.models.data.DataSets;
import org.modnas.models.elastic.ElasticSpace;
import org.modnas.models.metrics.ModelStats;
import org.modnas.models.space.SearchSpace;
import org.modnas.models.train.EvalMetrics;
import org.modnas.models.train.ImageTrainer;
import org.modnas.models.train.ProgressBar;
import org.modnas.models.train.TrainerConfig;

/**
 * Trains a network's weights for {@code trainer.epochs} and validates it: every
 * {@code valid_intv} epochs when set, and at the end, on the validation split, then on the test
 * split. Retraining a found architecture ({@code modnas train}) runs this on the network its desc
 * names; it also serves as a full-training candidate estimator. Written before the candidate entry
 * of a chain over an elastic search space, it is a stage: it trains the supernet's full network
 * (every block, the largest expansion and kernel) and hands its weights on, the teacher and the
 * starting point of progressive shrinking, as in Once-for-All.
 */
public final class DefaultEstimator implements CandidateEstimator, StageEstimator {
    /** Registered name. */
    public static final String NAME = "DefaultEstimator";
    /** Argument defaults. */
    public static final String DEFAULTS = "valid_intv = 0, valid_batches = 0, num_bn_batch = 0, test = true";

    private final Config root;
    private final int validIntv;
    private final int validBatches;
    private final int numBnBatch;
    private final boolean test;

    public DefaultEstimator(Config root, Config args) {
        this.root = root;
        this.validIntv = SubNetEstimator.nonNegative(args, "valid_intv");
        this.validBatches = SubNetEstimator.nonNegative(args, "valid_batches");
        this.numBnBatch = SubNetEstimator.nonNegative(args, "num_bn_batch");
        this.test = args.getBoolean("test");
    }

    /** Checks the configured data's files (headers and sizes) without reading them. */
    @Override
    public void checkInputs() {
        DataSets.check(root.getConfig("data"));
    }

    /** As a stage it trains the full network of an elastic search space: refuses a space without one. */
    @Override
    public void checkAsStage() {
        SearchSpace space = org.modnas.models.space.Spaces.build(root.getConfig("search_space"),
                org.modnas.core.registry.Registry.global(), root.getLong("run.seed"));
        if (space.elastic() == null) {
            throw new IllegalArgumentException(notElastic());
        }
    }

    private static String notElastic() {
        return NAME + " before the candidate estimator trains the full network of an elastic search space (the teacher of"
                + " progressive shrinking), but search_space.construct has no elastic constructor";
    }

    /** As a stage: trains the full network of the elastic supernet and hands its weights on. */
    @Override
    public StageResult run(StageContext ctx) {
        TrainingSetup s = new TrainingSetup(root);
        TrainerConfig tc = ctx.threads() > 0 ? s.trainer.with(s.trainer.epochs(), ctx.threads(), s.trainer.maxSteps()) : s.trainer;
        Map<String, Double> m = new LinkedHashMap<>();
        try (NDManager manager = NDManager.newBaseManager(TrainingSetup.device(ctx.gpu()))) {
            SearchSpace space = s.supernet(root, ctx.seed(), tc.threads(), ctx.input(), manager);
            ElasticSpace elastic = space.elastic();
            if (elastic == null) {
                throw new IllegalArgumentException(notElastic());
            }
            elastic.apply(elastic.largest());
            try (ImageTrainer trainer = new ImageTrainer(space.network(), manager, tc, ctx.progress())) {
                long t0 = System.nanoTime();
                m.put("loss", trainer.fit(s.train(ctx.seed())));
                m.put("train_seconds", (System.nanoTime() - t0) / 1e9);
                recalibrate(trainer, s, ctx.seed());
                EvalMetrics v = trainer.evaluate(s.eval(s.data.valid()), validBatches);
                m.put("accuracy", v.top1());
                m.put("valid_loss", v.loss());
                m.put("epochs", (double) tc.epochs());
                ctx.progress().accept(String.format("full network: valid top1=%.4f loss=%.4f", v.top1(), v.loss()));
            }
            ModelStats stats = space.stats(new Shape(s.inputShape(1)).slice(1));
            m.put("params", (double) stats.params());
            m.put("macs", (double) stats.macs());
            ArchDesc full = ArchDesc.of(space.archSpace(), elastic.values(elastic.largest()));
            return new StageResult(m, full, new SupernetWeights(ctx.name(), TrainingSetup.parameters(space.network())));
        }
    }

    /**
     * With {@code num_bn_batch}, replaces the batch-norm running statistics by their average over that
     * many training batches of the trained weights. The running averages trail the weights: after a
     * short training at a high learning rate they describe earlier weights, and the network validates
     * (and, as a teacher, distils) worse than it is.
     */
    private void recalibrate(ImageTrainer trainer, TrainingSetup s, long seed) {
        if (numBnBatch > 0) {
            trainer.recalibrateBatchNorm(s.train(seed), numBnBatch, true);
        }
    }

    @Override
    public Map<String, Double> evaluate(ArchDesc desc, CandidateContext ctx) {
        return train(desc, ctx, null, line -> { }, null);
    }

    /**
     * Builds the network {@code desc} names ({@code search_space.arch_desc} when null), trains and
     * validates it, reports each epoch to {@code progress}, and writes the trained parameters to
     * {@code paramsFile} when given (atomically, DJL's parameter format). {@code startFrom}, when
     * given, sets the initialised network's weights before training (a subnet's weights taken from
     * its trained supernet, to fine-tune them).
     */
    public Map<String, Double> train(ArchDesc desc, CandidateContext ctx, Location paramsFile, Consumer<String> progress,
                                     java.util.function.BiConsumer<SearchSpace, NDManager> startFrom) {
        TrainingSetup s = new TrainingSetup(root);
        TrainerConfig tc = ctx.threads() > 0 ? s.trainer.with(s.trainer.epochs(), ctx.threads(), s.trainer.maxSteps()) : s.trainer;
        Map<String, Double> m = new LinkedHashMap<>();
        try (NDManager manager = NDManager.newBaseManager(TrainingSetup.device(ctx))) {
            TrainingSetup.Network net = s.build(root, desc, ctx.seed(), tc.threads(), manager);
            Block block = net.block();
            if (startFrom != null) {
                startFrom.accept(net.space(), manager);
            }
            ModelStats stats = net.stats();
            progress.accept(String.format("network: params=%d macs=%d", stats.params(), stats.macs()));
            try (ImageTrainer trainer = new ImageTrainer(block, manager, tc, progress)) {
                trainer.onStep(ctx::checkDeadline);
                trainer.showProgress(ProgressBar.forTerminal());
                long t0 = System.nanoTime();
                int epochs = tc.epochs();
                int chunk = validIntv > 0 ? validIntv : Math.max(1, epochs);
                for (int done = 0; done < epochs; done += chunk) {
                    int n = Math.min(chunk, epochs - done);
                    trainer.fit(s.train(ctx.seed() + done), n);
                    if (validIntv > 0 && done + n < epochs) {
                        EvalMetrics v = trainer.evaluate(s.eval(s.data.valid()), validBatches);
                        progress.accept(String.format("valid after epoch %d: top1=%.4f top5=%.4f loss=%.4f",
                                done + n, v.top1(), v.top5(), v.loss()));
                    }
                }
                m.put("train_seconds", (System.nanoTime() - t0) / 1e9);
                recalibrate(trainer, s, ctx.seed());
                EvalMetrics v = trainer.evaluate(s.eval(s.data.valid()), validBatches);
                m.put("accuracy", v.top1());
                m.put("top5", v.top5());
                m.put("loss", v.loss());
                progress.accept(String.format("valid: top1=%.4f top5=%.4f loss=%.4f (%d images)", v.top1(), v.top5(), v.loss(), v.images()));
                if (test) {
                    EvalMetrics t = trainer.evaluate(s.eval(s.data.test()), 0);
                    m.put("test_accuracy", t.top1());
                    m.put("test_top5", t.top5());
                    m.put("test_loss", t.loss());
                    progress.accept(String.format("test: top1=%.4f top5=%.4f loss=%.4f (%d images)", t.top1(), t.top5(), t.loss(), t.images()));
                }
                m.put("params", (double) stats.params());
                m.put("macs", (double) stats.macs());
                m.put("epochs", (double) epochs);
            }
            if (paramsFile != null) {
                paramsFile.write((OutputStream out) -> {
                    DataOutputStream dos = new DataOutputStream(out);
                    block.saveParameters(dos);
                    dos.flush();
                });
            }
        }
        return m;
    }
}
