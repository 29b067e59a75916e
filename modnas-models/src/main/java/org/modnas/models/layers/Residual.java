package org.modnas.models.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.modnas.models.metrics.Profiled;
import org.modnas.models.metrics.Profiler;

/**
 * A block with an optional identity shortcut: {@code y = body(x) + x} when {@code shortcut},
 * else {@code body(x)}. MobileNetV2 wraps each block's conv Slot in one (shortcut when stride 1
 * and chnIn = chnOut); custom models may do the same.
 */
public final class Residual extends AbstractBlock implements Profiled {
    private final Block body;
    private final boolean shortcut;

    public Residual(String bodyName, Block body, boolean shortcut) {
        this.body = addChildBlock(bodyName, body);
        this.shortcut = shortcut;
    }

    public Block body() {
        return body;
    }

    public boolean hasShortcut() {
        return shortcut;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray y = body.forward(ps, inputs, training).singletonOrThrow();
        return new NDList(shortcut ? y.add(inputs.singletonOrThrow()) : y);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        body.initialize(manager, dataType, inputShapes);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] in) {
        return body.getOutputShapes(in);
    }

    @Override
    public Shape profile(Shape input, Profiler profiler) {
        return profiler.visit(body, input);
    }
}
