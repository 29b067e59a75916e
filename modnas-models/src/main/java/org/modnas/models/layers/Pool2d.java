package org.modnas.models.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.modnas.models.metrics.Profiled;
import org.modnas.models.metrics.Profiler;

/** k×k average (padding not counted) or max pooling, padding k/2. */
public final class Pool2d extends AbstractBlock implements Profiled {
    private final boolean max;
    private final int kernel;
    private final int stride;

    public Pool2d(boolean max, int kernel, int stride) {
        this.max = max;
        this.kernel = kernel;
        this.stride = stride;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Shape k = new Shape(kernel, kernel);
        Shape s = new Shape(stride, stride);
        Shape p = new Shape(kernel / 2, kernel / 2);
        return new NDList(max ? Pool.maxPool2d(x, k, s, p, false) : Pool.avgPool2d(x, k, s, p, false, false));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] in) {
        return new Shape[] {outShape(in[0])};
    }

    private Shape outShape(Shape in) {
        return new Shape(in.get(0), in.get(1),
                Profiler.outSize(in.get(2), kernel, stride, kernel / 2, 1),
                Profiler.outSize(in.get(3), kernel, stride, kernel / 2, 1));
    }

    @Override
    public Shape profile(Shape input, Profiler profiler) {
        return outShape(input);
    }
}
