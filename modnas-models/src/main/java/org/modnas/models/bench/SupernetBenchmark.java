package org.modnas.models.bench;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import com.typesafe.config.ConfigFactory;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.modnas.core.bench.BenchOptions;
import org.modnas.core.registry.Registry;
import org.modnas.models.data.Batch;
import org.modnas.models.data.BatchLoader;
import org.modnas.models.data.ImageDataset;
import org.modnas.models.data.SyntheticDataset;
import org.modnas.models.estim.SupernetArchStep;
import org.modnas.models.optim.BinaryGateOptim;
import org.modnas.models.optim.DARTSOptim;
import org.modnas.models.optim.DirectGradBiLevelOptim;
import org.modnas.models.optim.GradientOptimizer;
import org.modnas.models.space.MixedOp;
import org.modnas.models.space.SearchSpace;
import org.modnas.models.space.Spaces;
import org.modnas.models.train.ImageTrainer;
import org.modnas.models.train.TrainerConfig;

/**
 * {@code modnas bench supernet}: what a gradient search costs per batch next to training one
 * network. On the space of {@code conf/darts.conf} (the quickstart's MobileNetV2 on 1×28×28, 11
 * slots of MB3E1, MB3E3, MB3E6, MB5E3, MB5E6), batch 64, it times the weight step of a plain subnet
 * (every slot MB3E3), the weight step of the weighted-sum supernet (every candidate runs) and of the
 * binary-gate supernet (one sampled path), and each arch step alone: DARTS second and first order,
 * bi-level, binary gates. Medians after warm-up, one line each:
 * {@code bench=supernet step=<name> ms=<n> ratio=<n to the subnet's weight step> batch=<b> threads=<t>}.
 */
public final class SupernetBenchmark {
    private static final String MODEL = "model { type = CIFAR_MobileNetV2, chn_in = 1, n_classes = 10, width_coeff = 0.35, "
            + "depth_coeff = 0.5 }\n";
    private static final String PRIMITIVES = "[MB3E1, MB3E3, MB3E6, MB5E3, MB5E6]";

    private SupernetBenchmark() {
    }

    /**
     * @param options {@code steps} (measured batches, default 8), {@code warmup} (default 2), {@code batch}
     *     (default 64), {@code threads} (default: available cores)
     */
    public static void run(Map<String, String> options, PrintStream out) {
        BenchOptions opts = new BenchOptions("supernet", options, List.of("steps", "warmup", "batch", "threads"));
        int steps = opts.positive("steps", 8);
        int warmup = opts.nonNegative("warmup", 2);
        int batch = opts.positive("batch", 64);
        int threads = opts.positive("threads", Runtime.getRuntime().availableProcessors());
        int total = warmup + steps;
        ImageDataset data = SyntheticDataset.generate("bench", 1, batch * total, 1, 28, 28, 10, 0.3);
        ImageDataset valid = SyntheticDataset.generate("bench-valid", 2, batch * total * 2, 1, 28, 28, 10, 0.3);
        Run r = new Run(data, valid, batch, warmup, steps, threads);
        double subnet = r.weightStep("construct.op { type = DefaultOpConstructor, op = MB3E3 }", null).weight();
        line(out, "subnet_weight", subnet, subnet, batch, threads);
        String sum = "construct.mixed_op { type = DefaultMixedOpConstructor, mixed_op = WeightedSum, primitives = " + PRIMITIVES + " }";
        Times darts2 = r.weightStep(sum, new DARTSOptim(3e-4, 0.5, 0.999, 1e-3, false));
        line(out, "supernet_weight_weighted_sum", darts2.weight(), subnet, batch, threads);
        line(out, "arch_darts_second_order", darts2.arch(), subnet, batch, threads);
        line(out, "arch_darts_first_order", r.weightStep(sum, new DARTSOptim(3e-4, 0.5, 0.999, 1e-3, true)).arch(), subnet, batch,
                threads);
        line(out, "arch_bilevel", r.weightStep(sum, new DirectGradBiLevelOptim(3e-4, 0.5, 0.999, 1e-3)).arch(), subnet, batch,
                threads);
        Times gate = r.weightStep("construct.mixed_op { type = DefaultMixedOpConstructor, mixed_op = BinGate, primitives = "
                + PRIMITIVES + " }", new BinaryGateOptim(0.006, 0, 0.999, 0, true));
        line(out, "supernet_weight_binary_gate", gate.weight(), subnet, batch, threads);
        line(out, "arch_binary_gate", gate.arch(), subnet, batch, threads);
    }

    private static void line(PrintStream out, String step, double ms, double subnet, int batch, int threads) {
        out.println(String.format(Locale.ROOT, "bench=supernet step=%s ms=%.1f ratio=%.2f batch=%d threads=%d", step, ms,
                ms / subnet, batch, threads));
    }

    /** Median milliseconds of a weight step and of an arch step (NaN without an optimizer). */
    private record Times(double weight, double arch) {
    }

    private record Run(ImageDataset data, ImageDataset valid, int batch, int warmup, int steps, int threads) {
        Times weightStep(String construct, GradientOptimizer optimizer) {
            SearchSpace space = Spaces.build(ConfigFactory.parseString(MODEL + construct), Registry.global(), 1);
            TrainerConfig tc = new TrainerConfig(1, 0.025, 0.9, false, 3e-4, 0.001, 0, 0, 5, threads, warmup + steps);
            List<Double> arch = new ArrayList<>();
            List<Double> weight;
            try (NDManager manager = NDManager.newBaseManager()) {
                ImageTrainer.initialize(space.network(), manager, new Shape(batch, 1, 28, 28), 1, threads);
                space.setMode(MixedOp.Mode.WEIGHT);
                List<Parameter> weights = space.weightParameters();
                try (ImageTrainer trainer = new ImageTrainer(space.network(), weights, manager, tc, null)) {
                    if (optimizer != null) {
                        SupernetArchStep ctx = new SupernetArchStep(trainer, weights, space, manager);
                        Iterator<Batch> validBatches = new BatchLoader(valid, batch, true, false, true, null, null, 3).epoch(0);
                        trainer.onTrainStep((b, step, lr) -> {
                            long t0 = System.nanoTime();
                            optimizer.step(ctx.at(b, validBatches.next(), lr));
                            arch.add((System.nanoTime() - t0) / 1e6);
                        });
                    }
                    trainer.fit(new BatchLoader(data, batch, false, false, true, null, null, 0));
                    weight = trainer.stepTimes().stream().map(s -> s * 1000).toList();
                }
            }
            return new Times(median(weight.subList(warmup, weight.size())),
                    arch.isEmpty() ? Double.NaN : median(arch.subList(warmup, arch.size())));
        }
    }

    private static double median(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
