package org.modnas.models.layers;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.modnas.models.metrics.Profiled;
import org.modnas.models.metrics.Profiler;

/** Global average pooling NCHW → NC. */
public final class GlobalAvgPool extends AbstractBlock implements Profiled {
    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        ai.djl.ndarray.NDArray x = inputs.singletonOrThrow();
        Shape s = x.getShape();
        return new NDList(x.reshape(s.get(0), s.get(1), -1).mean(new int[] {2}));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] in) {
        return new Shape[] {new Shape(in[0].get(0), in[0].get(1))};
    }

    @Override
    public Shape profile(Shape input, Profiler profiler) {
        return getOutputShapes(new Shape[] {input})[0];
    }
}
