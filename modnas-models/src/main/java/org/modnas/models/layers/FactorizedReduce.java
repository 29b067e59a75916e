package org.modnas.models.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.modnas.models.metrics.Profiled;
import org.modnas.models.metrics.Profiler;

/**
 * DARTS' factorized reduction: ReLU, two stride-2 1×1 convolutions (the second on the input
 * shifted by one pixel) each giving half the output channels, concatenated, then BN. Needs an
 * even output channel count and even spatial sizes.
 */
public final class FactorizedReduce extends AbstractBlock implements Profiled {
    private final Block conv1;
    private final Block conv2;
    private final Block bn;

    public FactorizedReduce(int chnOut) {
        if (chnOut % 2 != 0) {
            throw new IllegalArgumentException("factorized reduction needs an even output channel count, got " + chnOut);
        }
        conv1 = addChildBlock("conv1", Layers.conv(chnOut / 2, 1, 2));
        conv2 = addChildBlock("conv2", Layers.conv(chnOut / 2, 1, 2));
        bn = addChildBlock("bn", Layers.batchNorm());
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = ai.djl.nn.Activation.relu(inputs.singletonOrThrow());
        NDArray a = conv1.forward(ps, new NDList(x), training).singletonOrThrow();
        NDArray b = conv2.forward(ps, new NDList(x.get(new NDIndex(":, :, 1:, 1:"))), training).singletonOrThrow();
        return bn.forward(ps, new NDList(NDArrays.concat(new NDList(a, b), 1)), training);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape in = inputShapes[0];
        checkEven(in);
        conv1.initialize(manager, dataType, in);
        conv2.initialize(manager, dataType, new Shape(in.get(0), in.get(1), in.get(2) - 1, in.get(3) - 1));
        bn.initialize(manager, dataType, getOutputShapes(inputShapes));
    }

    private static void checkEven(Shape in) {
        if (in.get(2) % 2 != 0 || in.get(3) % 2 != 0) {
            throw new IllegalArgumentException("factorized reduction needs even spatial sizes, got " + in);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] in) {
        Shape half = conv1.getOutputShapes(in)[0];
        return new Shape[] {new Shape(half.get(0), half.get(1) * 2, half.get(2), half.get(3))};
    }

    @Override
    public Shape profile(Shape input, Profiler profiler) {
        checkEven(input);
        Shape a = profiler.visit(conv1, input);
        profiler.visit(conv2, new Shape(input.get(0), input.get(1), input.get(2) - 1, input.get(3) - 1));
        Shape out = new Shape(a.get(0), a.get(1) * 2, a.get(2), a.get(3));
        return profiler.visit(bn, out);
    }
}
