package org.modnas.models.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.modnas.models.metrics.Profiled;
import org.modnas.models.metrics.Profiler;

/**
 * An element-wise activation (ReLU or ReLU6) with an analytic shape. While the calling thread has
 * an {@link Probe}, every activation shows it its input, and may run as a plain ReLU (zero-cost
 * proxies read the ReLU codes, and synflow passes positive signals through unclipped).
 */
public final class Act extends AbstractBlock implements Profiled {
    /** Which activation. */
    public enum Kind { RELU, RELU6 }

    /** What the activations of the calling thread show their inputs to, and whether they clip at 6. */
    public interface Probe {
        /** Sees the input of an activation, before it applies. */
        void input(NDArray x);

        /** True: ReLU6 runs as a plain ReLU. */
        default boolean unclipped() {
            return false;
        }
    }

    private static final ThreadLocal<Probe> PROBE = new ThreadLocal<>();
    private final Kind kind;

    /** Sets the calling thread's probe until the returned handle is closed. */
    public static AutoCloseable probe(Probe probe) {
        Probe before = PROBE.get();
        PROBE.set(probe);
        return () -> PROBE.set(before);
    }

    private Act(Kind kind) {
        this.kind = kind;
    }

    public static Act relu() {
        return new Act(Kind.RELU);
    }

    public static Act relu6() {
        return new Act(Kind.RELU6);
    }

    public Kind kind() {
        return kind;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Probe probe = PROBE.get();
        if (probe != null) {
            probe.input(x);
            if (probe.unclipped()) {
                return new NDList(Activation.relu(x));
            }
        }
        return new NDList(kind == Kind.RELU ? Activation.relu(x) : FusedOps.relu6(x));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }

    @Override
    public Shape profile(Shape input, Profiler profiler) {
        return input;
    }

    @Override
    public String toString() {
        return kind == Kind.RELU ? "ReLU()" : "ReLU6()";
    }
}
