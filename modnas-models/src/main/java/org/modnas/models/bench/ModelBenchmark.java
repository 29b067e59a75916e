package org.modnas.models.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.modnas.core.bench.BenchOptions;
import org.modnas.core.registry.Registry;
import org.modnas.models.space.PredefinedConstructor;
import org.modnas.models.space.SearchSpace;
import org.modnas.models.space.Spaces;

/**
 * {@code modnas bench model}: forward + backward + SGD step images per second and the
 * per-step time of CIFAR_MobileNetV2 on 3×32×32 and of the Fashion-MNIST model (CIFAR_MobileNetV2
 * with chn_in = 1 on 1×28×28, 10 classes), on CPU, after warm-up, the median of the measured
 * steps. Engine threads are set to the available cores unless already configured. One line per
 * model: {@code bench=model model=<name> batch=<b> images_per_s=<n> step_ms=<n>}.
 */
public final class ModelBenchmark {
    private ModelBenchmark() {
    }

    /** A model to measure: registered type, chn_in and input sample shape. */
    private record Case(String label, String type, int chnIn, Shape sample) {
    }

    /**
     * @param options {@code steps} (measured steps, default 20), {@code warmup} (default 3),
     *     {@code batch} (default 64), {@code threads} (default: available cores)
     */
    public static void run(Map<String, String> options, PrintStream out) {
        BenchOptions opts = new BenchOptions("model", options, List.of("steps", "warmup", "batch", "threads"));
        int steps = opts.positive("steps", 20);
        int warmup = opts.nonNegative("warmup", 3);
        int batch = opts.positive("batch", 64);
        int threads = opts.positive("threads", Runtime.getRuntime().availableProcessors());
        // read by the PyTorch engine when it starts; an explicit setting wins
        System.setProperty("ai.djl.pytorch.num_threads", System.getProperty("ai.djl.pytorch.num_threads", String.valueOf(threads)));
        System.setProperty("ai.djl.pytorch.num_interop_threads", System.getProperty("ai.djl.pytorch.num_interop_threads", "1"));
        Engine.getInstance().setRandomSeed(0);
        List<Case> cases = List.of(
                new Case("CIFAR_MobileNetV2", "CIFAR_MobileNetV2", 3, new Shape(3, 32, 32)),
                new Case("FashionMNIST_MobileNetV2", "CIFAR_MobileNetV2", 1, new Shape(1, 28, 28)));
        for (Case c : cases) {
            double medianMs = measure(c, batch, warmup, steps);
            out.println(String.format(Locale.ROOT, "bench=model model=%s batch=%d images_per_s=%.1f step_ms=%.1f threads=%s",
                    c.label(), batch, batch / (medianMs / 1000.0), medianMs, System.getProperty("ai.djl.pytorch.num_threads")));
        }
    }

    private static double measure(Case c, int batch, int warmup, int steps) {
        SearchSpace space = Spaces.build(
                Spaces.build(com.typesafe.config.ConfigFactory.parseString(
                        "model { type = " + c.type() + ", n_classes = 10, chn_in = " + c.chnIn() + " }"), Registry.global(), 0).network(),
                List.of(new PredefinedConstructor(3)), Registry.global(), 0, null);
        Block net = space.network();
        Shape input = new Shape(batch).addAll(c.sample());
        try (NDManager manager = NDManager.newBaseManager()) {
            net.initialize(manager, DataType.FLOAT32, input);
            ParameterStore ps = new ParameterStore(manager, false);
            Optimizer sgd = Optimizer.sgd().setLearningRateTracker(Tracker.fixed(0.01f)).optMomentum(0.9f).build();
            Loss loss = Loss.softmaxCrossEntropyLoss();
            List<Pair<String, Parameter>> params = new ArrayList<>();
            for (Pair<String, Parameter> p : net.getParameters()) {
                if (p.getValue().requiresGradient()) {
                    params.add(p);
                }
            }
            double[] ms = new double[steps];
            for (int i = 0; i < warmup + steps; i++) {
                try (NDManager step = manager.newSubManager()) {
                    NDArray x = step.randomNormal(input);
                    NDArray y = step.randomInteger(0, 10, new Shape(batch), DataType.INT64);
                    long t0 = System.nanoTime();
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        NDArray pred = net.forward(ps, new NDList(x), true).singletonOrThrow();
                        gc.backward(loss.evaluate(new NDList(y), new NDList(pred)));
                    }
                    for (Pair<String, Parameter> p : params) {
                        NDArray w = p.getValue().getArray();
                        try (NDArray g = w.getGradient()) {
                            sgd.update(p.getValue().getId(), w, g);
                            g.subi(g);
                        }
                    }
                    long t1 = System.nanoTime();
                    if (i >= warmup) {
                        ms[i - warmup] = (t1 - t0) / 1e6;
                    }
                }
            }
            Arrays.sort(ms);
            return steps % 2 == 1 ? ms[steps / 2] : (ms[steps / 2 - 1] + ms[steps / 2]) / 2;
        }
    }
}
