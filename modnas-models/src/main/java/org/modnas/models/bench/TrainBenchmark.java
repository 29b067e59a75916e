package org.modnas.models.bench;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.modnas.core.bench.BenchOptions;
import org.modnas.core.registry.Registry;
import org.modnas.models.data.BatchLoader;
import org.modnas.models.data.DataComponents;
import org.modnas.models.data.DataSets;
import org.modnas.models.data.DataSplits;
import org.modnas.models.space.Spaces;
import org.modnas.models.train.ImageTrainer;
import org.modnas.models.train.TrainerConfig;

/**
 * {@code modnas bench train}: end-to-end training images per second with data loading
 * included (batches shuffled, normalised and, for CIFAR-shaped data, augmented on the training
 * thread) and excluded (the step time alone), for the Fashion-MNIST model on real Fashion-MNIST
 * (synthetic images of the same shape when it is not installed) and for CIFAR_MobileNetV2 on
 * 3×32×32 images with augmentation (synthetic, as CIFAR-10 is not bundled). One line per model:
 * {@code bench=train model=<m> data=<d> batch=<b> images_per_s=<n> images_per_s_excl_data=<n> data_pct=<p>},
 * the median of {@code repeats} runs of {@code steps} steps after one warm-up run.
 */
public final class TrainBenchmark {
    private TrainBenchmark() {
    }

    private record Case(String model, int chnIn, int size, boolean augment) {
    }

    public static void run(Map<String, String> options, PrintStream out) {
        BenchOptions opts = new BenchOptions("train", options, List.of("steps", "repeats", "batch", "threads"));
        int steps = opts.positive("steps", 10);
        int repeats = opts.positive("repeats", 3);
        int batch = opts.positive("batch", 64);
        int threads = opts.positive("threads", Runtime.getRuntime().availableProcessors());
        boolean fm = Files.isDirectory(Path.of(DataComponents.FASHION_MNIST_DIR));
        for (Case c : List.of(new Case("FashionMNIST_MobileNetV2", 1, 28, false), new Case("CIFAR_MobileNetV2", 3, 32, true))) {
            String dataset = c.chnIn() == 1 && fm ? "FashionMNIST" : "Synthetic";
            Config data = ConfigFactory.parseString(dataset.equals("FashionMNIST")
                            ? "dataset { type = FashionMNIST }"
                            : "dataset { type = Synthetic, channels = " + c.chnIn() + ", size = " + c.size() + ", n_train = 4096, n_test = 64 }")
                    .withFallback(ConfigFactory.parseString("train_portion = 1, limit_train = 0, limit_valid = 0, limit_test = 0, seed = 0"));
            DataSplits splits = DataSets.load(data);
            float[][] stats = splits.train().channelStats();
            Config ss = ConfigFactory.parseString("model { type = CIFAR_MobileNetV2, n_classes = 10, chn_in = " + c.chnIn() + " }, "
                    + "desc_construct { p { type = MobileNetV2PredefinedConstructor } }");
            TrainerConfig tc = new TrainerConfig(1, 0.05, 0.9, false, 1e-4, 0, 0, 0, 5, threads, steps);
            double[] total = new double[repeats];
            double[] excl = new double[repeats];
            double[] pct = new double[repeats];
            try (NDManager m = NDManager.newBaseManager()) {
                Block net = Spaces.buildFromDesc(ss, Registry.global(), 1, null).network();
                ImageTrainer.initialize(net, m, new Shape(batch, c.chnIn(), c.size(), c.size()), 1);
                for (int r = -1; r < repeats; r++) {
                    try (ImageTrainer t = new ImageTrainer(net, m, tc, null)) {
                        BatchLoader loader = new BatchLoader(splits.train(), batch, true, c.augment(), true, stats[0], stats[1], r + 2);
                        t.fit(loader);
                        if (r >= 0) {
                            double images = (double) steps * batch;
                            total[r] = images / (t.dataSeconds() + t.stepSeconds());
                            excl[r] = images / t.stepSeconds();
                            pct[r] = 100 * t.dataSeconds() / (t.dataSeconds() + t.stepSeconds());
                        }
                    }
                }
            }
            out.printf("bench=train model=%s data=%s batch=%d images_per_s=%.1f images_per_s_excl_data=%.1f data_pct=%.2f threads=%d%n",
                    c.model(), dataset, batch, median(total), median(excl), median(pct), threads);
        }
    }

    private static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
