package org.modnas.models.space;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import java.util.List;
import org.modnas.core.arch.Param;
import org.modnas.models.metrics.Profiled;
import org.modnas.models.metrics.Profiler;

/**
 * A block holding every candidate of one Slot plus an arch param, combining them per its kind
 *. Candidates are children named by their primitive names, in the order given.
 * A mixed op exports its choice as the top-k candidate names ({@link #topk}).
 */
public abstract class MixedOp extends AbstractBlock implements Profiled {
    /**
     * What a forward pass is for. {@code WEIGHT}: training the network weights; {@code ARCH}: an
     * architecture step (gradients to α flow). Evaluation ({@code training = false}) runs the
     * current best choice where the op samples.
     */
    public enum Mode { WEIGHT, ARCH }

    private final String slotName;
    private final List<String> names;
    private final List<Block> candidates;
    private Mode mode = Mode.WEIGHT;

    protected MixedOp(MixedOpInputs in) {
        this.slotName = in.slotName();
        this.names = List.copyOf(in.names());
        this.candidates = List.copyOf(in.candidates());
        if (names.isEmpty() || names.size() != candidates.size()) {
            throw new IllegalArgumentException("mixed op of slot '" + slotName + "' needs one name per candidate and at least one, got "
                    + names + " for " + candidates.size() + " candidates");
        }
        for (int i = 0; i < names.size(); i++) {
            addChildBlock(names.get(i), candidates.get(i));
        }
    }

    /** The arch param: a {@link TensorParam} α, or a Categorical for Index. */
    public abstract Param param();

    /** The kind of this op as registered, e.g. {@code SoftmaxSumMixedOp}. */
    public abstract String kindName();

    /** The {@code k} best candidate names, best first. */
    public abstract List<String> topk(int k);

    /** The best candidate's name (k = 1). */
    public String choice() {
        return topk(1).get(0);
    }

    public String slotName() {
        return slotName;
    }

    public List<String> candidateNames() {
        return names;
    }

    public List<Block> candidates() {
        return candidates;
    }

    public Mode mode() {
        return mode;
    }

    public void setMode(Mode mode) {
        this.mode = mode;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        for (Block c : candidates) {
            c.initialize(manager, dataType, inputShapes);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] in) {
        return candidates.get(0).getOutputShapes(in);
    }

    /** Supernet totals: every candidate's params and MACs (Index overrides: the chosen one only). */
    @Override
    public Shape profile(Shape input, Profiler profiler) {
        Shape out = null;
        for (Block c : candidates) {
            out = profiler.visit(c, input);
        }
        return out;
    }

    @Override
    public String toString() {
        return kindName() + "(" + slotName + ", " + names + ")";
    }
}
