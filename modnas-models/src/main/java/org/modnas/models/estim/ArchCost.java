package org.modnas.models.estim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.typesafe.config.Config;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleSupplier;
import org.modnas.models.space.SearchSpace;
import org.modnas.models.space.TensorMixedOp;

/**
 * The hardware cost of a gradient search's architecture as ProxylessNAS puts it into the arch
 * loss: the supernet's expected cost {@code E = fixed + Σ_ops Σ_i p_i·Δ_i}, with {@code p = softmax(α)}
 * of each mixed op and {@code Δ_i} what choosing candidate i costs over choosing the op's first
 * candidate (the rest of the network is {@code fixed}, the cost with every op at its first
 * candidate). Costs are additive over the ops, so E is exactly the cost of the architecture a
 * one-hot p names. The forms are {@code mul#log}: {@code CE·(log E / log target)^β}, and
 * {@code add#linear}: {@code CE + λ·(E − target) / target}. The cost is MACs (analytic, for one
 * image) or latency (milliseconds per image on the search's device, {@link LatencyTable}).
 */
final class ArchCost {
    /** What the cost measures. */
    enum Metric { NONE, MACS, LATENCY }

    /** How the cost enters the loss. */
    enum Form {
        MUL_LOG("mul#log"), ADD_LINEAR("add#linear");

        private final String text;

        Form(String text) {
            this.text = text;
        }

        static Form parse(String s) {
            for (Form f : values()) {
                if (f.text.equals(s)) {
                    return f;
                }
            }
            throw new IllegalArgumentException("cost_form must be mul#log or add#linear, got '" + s + "'");
        }
    }

    /**
     * The estimator's cost arguments.
     *
     * @param target the reference cost (MACs, or milliseconds)
     * @param beta   exponent of {@code mul#log}
     * @param lambda weight of {@code add#linear}
     */
    record Settings(Metric metric, Form form, double target, double beta, double lambda) {
        static Settings from(Config args) {
            String m = args.getString("cost_metric").toLowerCase(Locale.ROOT);
            Metric metric = switch (m) {
                case "none" -> Metric.NONE;
                case "macs" -> Metric.MACS;
                case "latency" -> Metric.LATENCY;
                default -> throw new IllegalArgumentException("cost_metric must be none, macs or latency, got '" + m + "'");
            };
            Settings s = new Settings(metric, Form.parse(args.getString("cost_form")), args.getDouble("cost_target"),
                    args.getDouble("cost_beta"), args.getDouble("cost_lambda"));
            if (metric != Metric.NONE && !(s.target() > (s.form() == Form.MUL_LOG ? 1 : 0))) {
                throw new IllegalArgumentException("cost_target must be > " + (s.form() == Form.MUL_LOG ? "1 with mul#log" : "0")
                        + " and cost_metric = " + m + " (the reference " + (metric == Metric.MACS ? "MACs per image"
                        : "latency in milliseconds") + "), got " + s.target());
            }
            return s;
        }

        boolean enabled() {
            return metric != Metric.NONE;
        }
    }

    private final Settings settings;
    private final double fixed;
    private final double[][] delta;

    ArchCost(Settings settings, double fixed, double[][] delta) {
        this.settings = settings;
        this.fixed = fixed;
        this.delta = delta;
    }

    /** The MACs form: fixed part and per-candidate differences from the analytic profile of the supernet. */
    static ArchCost macs(Settings settings, SearchSpace space, Shape sampleShape) {
        Table t = Table.measure(space, () -> space.stats(sampleShape).macs());
        return new ArchCost(settings, t.fixed(), t.delta());
    }

    /**
     * A cost split over the mixed ops: the cost with every op at its first candidate, and for every
     * op and candidate what choosing that candidate adds.
     */
    record Table(double fixed, double[][] delta) {
        /** Measures {@code cost} of the whole network with each op in turn fixed to each of its candidates. */
        static Table measure(SearchSpace space, DoubleSupplier cost) {
            List<TensorMixedOp> ops = space.tensorMixedOps();
            for (TensorMixedOp op : ops) {
                op.fix(0);
            }
            try {
                double base = cost.getAsDouble();
                double[][] delta = new double[ops.size()][];
                for (int k = 0; k < ops.size(); k++) {
                    TensorMixedOp op = ops.get(k);
                    delta[k] = new double[op.candidates().size()];
                    for (int i = 1; i < delta[k].length; i++) {
                        op.fix(i);
                        delta[k][i] = cost.getAsDouble() - base;
                    }
                    op.fix(0);
                }
                return new Table(base, delta);
            } finally {
                for (TensorMixedOp op : ops) {
                    op.fix(-1);
                }
            }
        }
    }

    /** The latency form, from per-candidate times measured on the device. */
    static ArchCost latency(Settings settings, LatencyTable table) {
        return new ArchCost(settings, table.fixed(), table.delta());
    }

    Settings settings() {
        return settings;
    }

    /** The expected cost under {@code alphas} (one per op, in op order), as a scalar array in {@code scope} in the graph. */
    NDArray expected(List<NDArray> alphas, NDManager scope) {
        NDArray e = null;
        for (int k = 0; k < alphas.size(); k++) {
            NDArray a = alphas.get(k);
            NDArray c = scope.create(delta[k]).toType(a.getDataType(), false).toDevice(a.getDevice(), false);
            NDArray term = a.softmax(0).mul(c).sum();
            e = e == null ? term : e.add(term);
        }
        NDArray out = e == null ? scope.create(fixed) : e.add(fixed);
        out.attach(scope);
        return out;
    }

    /** The expected cost under α's current values, as a number. */
    double expectedValue(List<NDArray> alphas, NDManager scope) {
        try (NDManager s = scope.newSubManager()) {
            return expected(alphas, s).toType(DataType.FLOAT64, false).getDouble();
        }
    }

    /** The cost of the architecture that takes candidate {@code choice[k]} at op k. */
    double of(int[] choice) {
        double c = fixed;
        for (int k = 0; k < choice.length; k++) {
            c += delta[k][choice[k]];
        }
        return c;
    }

    /** The arch loss: {@code ce} with the expected cost put in by the configured form (graph recorded by the caller). */
    NDArray apply(NDArray ce, List<NDArray> alphas, NDManager scope) {
        NDArray e = expected(alphas, scope);
        NDArray out = switch (settings.form()) {
            case MUL_LOG -> ce.mul(e.log().div(Math.log(settings.target())).pow(settings.beta()));
            case ADD_LINEAR -> ce.add(e.sub(settings.target()).div(settings.target()).mul(settings.lambda()));
        };
        out.attach(scope);
        return out;
    }
}
