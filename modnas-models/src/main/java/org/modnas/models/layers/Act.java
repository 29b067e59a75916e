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

/** An element-wise activation (ReLU or ReLU6) with an analytic shape. */
public final class Act extends AbstractBlock implements Profiled {
    /** Which activation. */
    public enum Kind { RELU, RELU6 }

    private final Kind kind;

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
