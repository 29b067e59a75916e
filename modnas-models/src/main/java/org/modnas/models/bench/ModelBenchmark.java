package org.modnas.models.bench;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.modnas.core.bench.BenchOptions;
import org.modnas.core.registry.Registry;
import org.modnas.models.data.BatchLoader;
import org.modnas.models.data.ImageDataset;
import org.modnas.models.data.SyntheticDataset;
import org.modnas.models.space.PredefinedConstructor;
import org.modnas.models.space.SearchSpace;
import org.modnas.models.space.Spaces;
import org.modnas.models.train.ImageTrainer;
import org.modnas.models.train.TrainerConfig;

/**
 * {@code modnas bench model}: images per second and per-step time of the product's own training
 * step ({@link ImageTrainer}: forward, cross-entropy, backward, gradient clipping and the SGD update
 * with momentum and weight decay) for CIFAR_MobileNetV2 on 3×32×32 and the Fashion-MNIST model
 * (CIFAR_MobileNetV2 with chn_in = 1 on 1×28×28), 10 classes, on the CPU: the median of the measured
 * steps after warm-up, data loading excluded. One line per model:
 * {@code bench=model model=<name> batch=<b> images_per_s=<n> step_ms=<n> first_step_ms=<n> threads=<t>}.
 * With {@code profile=1} it also records three steps with the engine's operator profiler and prints
 * where a step's time goes, one line per operator: {@code bench=model_op model=<name> op=<op>
 * calls_per_step=<n> ms_per_step=<n>}, and the time between operators (the Java side) as
 * {@code op=(between operators)}.
 */
public final class ModelBenchmark {
    private ModelBenchmark() {
    }

    /** A model to measure: chn_in and image size of CIFAR_MobileNetV2. */
    private record Case(String label, int chnIn, int size) {
    }

    /**
     * @param options {@code steps} (measured steps, default 20), {@code warmup} (default 3),
     *     {@code batch} (default 64), {@code threads} (default: available cores), {@code profile}
     *     (1 = print the operator breakdown, default 0)
     */
    public static void run(Map<String, String> options, PrintStream out) {
        BenchOptions opts = new BenchOptions("model", options, List.of("steps", "warmup", "batch", "threads", "profile"));
        int steps = opts.positive("steps", 20);
        int warmup = opts.nonNegative("warmup", 3);
        int batch = opts.positive("batch", 64);
        int threads = opts.positive("threads", Runtime.getRuntime().availableProcessors());
        boolean profile = opts.nonNegative("profile", 0) > 0;
        for (Case c : List.of(new Case("CIFAR_MobileNetV2", 3, 32), new Case("FashionMNIST_MobileNetV2", 1, 28))) {
            measure(c, batch, warmup, steps, threads, profile, out);
        }
    }

    private static void measure(Case c, int batch, int warmup, int steps, int threads, boolean profile, PrintStream out) {
        SearchSpace space = Spaces.build(Spaces.build(com.typesafe.config.ConfigFactory.parseString(
                        "model { type = CIFAR_MobileNetV2, n_classes = 10, chn_in = " + c.chnIn() + " }"), Registry.global(), 0)
                .network(), List.of(new PredefinedConstructor(3)), Registry.global(), 0, null);
        Block net = space.network();
        int profiled = profile ? 3 : 0;
        int total = warmup + steps + profiled;
        ImageDataset data = SyntheticDataset.generate("bench", 1, batch * total, c.chnIn(), c.size(), c.size(), 10, 0.3);
        TrainerConfig tc = new TrainerConfig(1, 0.025, 0.9, false, 3e-4, 0.001, 0, 0, 5, threads, total);
        Path trace = null;
        List<Double> times;
        try (NDManager manager = NDManager.newBaseManager()) {
            ImageTrainer.initialize(net, manager, new Shape(batch, c.chnIn(), c.size(), c.size()), 1, threads);
            try (ImageTrainer trainer = new ImageTrainer(net, manager, tc, null)) {
                if (profile) {
                    trace = tempTrace();
                    Path file = trace;
                    int[] step = {0};
                    trainer.onTrainStep((b, s, lr) -> {
                        if (step[0] == warmup + steps) {
                            OperatorProfile.start();
                        }
                        step[0]++;
                    });
                    trainer.fit(new BatchLoader(data, batch, false, false, true, null, null, 0));
                    OperatorProfile.stop(file);
                } else {
                    trainer.fit(new BatchLoader(data, batch, false, false, true, null, null, 0));
                }
                times = trainer.stepTimes();
            }
        }
        double[] measured = times.subList(warmup, warmup + steps).stream().mapToDouble(d -> d * 1000).sorted().toArray();
        double median = steps % 2 == 1 ? measured[steps / 2] : (measured[steps / 2 - 1] + measured[steps / 2]) / 2;
        out.println(String.format(Locale.ROOT,
                "bench=model model=%s batch=%d images_per_s=%.1f step_ms=%.1f first_step_ms=%.1f threads=%d",
                c.label(), batch, batch / (median / 1000.0), median, times.get(0) * 1000, threads));
        if (trace != null) {
            for (OperatorProfile.Line l : OperatorProfile.read(trace, profiled, 20)) {
                out.println(String.format(Locale.ROOT, "bench=model_op model=%s op=%s calls_per_step=%.0f ms_per_step=%.1f",
                        c.label(), l.op().replace(' ', '_'), l.callsPerStep(), l.msPerStep()));
            }
            try {
                Files.deleteIfExists(trace);
            } catch (IOException e) {
                // a temporary file left behind
            }
        }
    }

    private static Path tempTrace() {
        try {
            return Files.createTempFile("modnas-bench-trace", ".json");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
