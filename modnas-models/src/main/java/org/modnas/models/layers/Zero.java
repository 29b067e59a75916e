package org.modnas.models.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.modnas.models.metrics.Profiled;
import org.modnas.models.metrics.Profiler;

/** The NIL op: zeros of the input's shape subsampled by the stride (channels unchanged). */
public final class Zero extends AbstractBlock implements Profiled {
    private final int stride;

    public Zero(int stride) {
        this.stride = stride;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        return new NDList(x.getManager().zeros(outShape(x.getShape()), x.getDataType(), x.getDevice()));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] in) {
        return new Shape[] {outShape(in[0])};
    }

    private Shape outShape(Shape in) {
        return new Shape(in.get(0), in.get(1), (in.get(2) + stride - 1) / stride, (in.get(3) + stride - 1) / stride);
    }

    @Override
    public Shape profile(Shape input, Profiler profiler) {
        return outShape(input);
    }
}
