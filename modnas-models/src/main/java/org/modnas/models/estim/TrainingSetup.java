package org.modnas.models.estim;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import com.typesafe.config.Config;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.modnas.core.arch.ArchDesc;
import org.modnas.core.estim.CandidateContext;
import org.modnas.core.estim.SupernetWeights;
import org.modnas.core.registry.Registry;
import org.modnas.models.data.BatchLoader;
import org.modnas.models.data.DataSets;
import org.modnas.models.data.DataSplits;
import org.modnas.models.data.ImageDataset;
import org.modnas.models.layers.SeededDropout;
import org.modnas.models.metrics.ModelStats;
import org.modnas.models.space.SearchSpace;
import org.modnas.models.space.Spaces;
import org.modnas.models.train.ImageTrainer;
import org.modnas.models.train.TrainerConfig;

/**
 * What the estimators read from the whole config once: the data splits (shared per JVM), their
 * normalisation statistics (from the training split), the batch settings and the trainer settings.
 * Loaders are cheap views made per candidate with the candidate's seed.
 */
final class TrainingSetup {
    final DataSplits data;
    final TrainerConfig trainer;
    final int batchSize;
    final boolean augment;
    private final float[] mean;
    private final float[] std;

    TrainingSetup(Config root) {
        Config d = root.getConfig("data");
        this.data = DataSets.load(d);
        this.trainer = TrainerConfig.from(root.getConfig("trainer"));
        this.batchSize = d.getInt("batch_size");
        if (batchSize <= 0) {
            throw new IllegalArgumentException("data.batch_size must be positive, got " + batchSize);
        }
        this.augment = d.hasPath("augment") ? d.getBoolean("augment")
                : data.train().name().startsWith("CIFAR10");
        if (d.getBoolean("normalize")) {
            float[][] s = data.train().channelStats();
            mean = s[0];
            std = s[1];
        } else {
            mean = null;
            std = null;
        }
    }

    /** The per-channel normalisation mean, or null without normalisation. */
    float[] mean() {
        return mean;
    }

    /** The per-channel normalisation deviation, or null without normalisation. */
    float[] std() {
        return std;
    }

    BatchLoader train(long seed) {
        return new BatchLoader(data.train(), batchSize, true, augment, true, mean, std, seed);
    }

    /** Shuffled batches of {@code set} for arch steps, treated as training batches are. */
    BatchLoader search(ImageDataset set, long seed) {
        return new BatchLoader(set, batchSize, true, augment, true, mean, std, seed);
    }

    BatchLoader eval(ImageDataset set) {
        return new BatchLoader(set, batchSize, false, false, false, mean, std, 0);
    }

    /** The device a candidate runs on: the GPU its task was given, else the CPU. */
    static Device device(CandidateContext ctx) {
        return device(ctx.gpu());
    }

    /** The GPU of address {@code gpu}, or the CPU when null. */
    static Device device(String gpu) {
        return gpu == null ? Device.cpu() : Device.gpu(Integer.parseInt(gpu.trim()));
    }

    /**
     * Builds the network {@code desc} names with the {@code desc_construct} chain and initialises
     * it in {@code manager} from the candidate's seed with {@code threads} engine threads (the same
     * seed and threads give the same weights), for batches of this setup's size.
     */
    Network build(Config root, ArchDesc desc, long seed, int threads, NDManager manager) {
        long t0 = System.nanoTime();
        SearchSpace net = Spaces.buildFromDesc(root.getConfig("search_space"), Registry.global(), seed, desc);
        Block block = net.network();
        ModelStats stats = net.stats(new Shape(inputShape(1)).slice(1));
        long t1 = System.nanoTime();
        ImageTrainer.initialize(block, manager, new Shape(inputShape(batchSize)), seed,
                threads > 0 ? threads : Runtime.getRuntime().availableProcessors());
        return new Network(net, block, stats, (t1 - t0) / 1e9, (System.nanoTime() - t1) / 1e9);
    }

    /**
     * Builds the supernet of the {@code construct} chain (model and mixed ops) and initialises it in
     * {@code manager} from {@code seed}, or, when {@code weights} are given, loads them into it instead
     * of drawing weights that would be overwritten. Every call makes a fresh copy: what one candidate
     * does to its copy never reaches another.
     */
    SearchSpace supernet(Config root, long seed, int threads, SupernetWeights weights, NDManager manager) {
        SearchSpace space = Spaces.build(root.getConfig("search_space"), Registry.global(), seed);
        Block block = space.network();
        if (weights == null) {
            ImageTrainer.initialize(block, manager, new Shape(inputShape(batchSize)), seed,
                    threads > 0 ? threads : Runtime.getRuntime().availableProcessors());
            return space;
        }
        try {
            load(block, weights.parameters(), manager);
        } catch (IOException | MalformedModelException | RuntimeException e) {
            throw new IllegalArgumentException("the supernet handed on by '" + weights.producer() + "' does not fit "
                    + "the supernet of search_space (was search_space changed since it was trained?): " + e.getMessage(), e);
        }
        SeededDropout.seedAll(block, seed);
        return space;
    }

    /**
     * Loads parameters in the engine's format into {@code block} (replacing its arrays), and has the
     * new arrays of trainable parameters record gradients again.
     */
    static void load(Block block, byte[] parameters, NDManager manager) throws IOException, MalformedModelException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(parameters))) {
            block.loadParameters(manager, in);
        }
        for (ai.djl.util.Pair<String, ai.djl.nn.Parameter> p : block.getParameters()) {
            if (p.getValue().requiresGradient()) {
                p.getValue().getArray().setRequiresGradient(true);
            }
        }
    }

    /** The parameters of a block in the engine's format, as {@link #supernet} reads them. */
    static byte[] parameters(Block block) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            block.saveParameters(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * A built, initialised network (and the space it was built as) and its params and MACs for one image.
     *
     * @param buildSeconds time to build the blocks from the desc (and count params and MACs)
     * @param initSeconds  time to initialise their parameters
     */
    record Network(SearchSpace space, Block block, ModelStats stats, double buildSeconds, double initSeconds) {
    }

    /** The input shape of one batch: N × C × H × W. */
    long[] inputShape(int n) {
        ImageDataset t = data.train();
        return new long[] {n, t.channels(), t.height(), t.width()};
    }
}
