package org.modnas.models.space;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.List;
import org.modnas.core.arch.Categorical;
import org.modnas.core.arch.Param;
import org.modnas.models.metrics.Profiler;

/**
 * The sampling-search mixed op ({@code Index}): a Categorical param over the candidate
 * names; only the chosen candidate runs (so only its weights get gradients), and its desc is the
 * chosen name. The choice starts at the first candidate and is set with {@link #select}.
 */
public final class IndexMixedOp extends MixedOp {
    private final Categorical param;
    private int index;

    public IndexMixedOp(MixedOpInputs in) {
        super(in);
        this.param = new Categorical(in.slotName(), in.names());
    }

    @Override
    public Param param() {
        return param;
    }

    public Categorical categorical() {
        return param;
    }

    @Override
    public String kindName() {
        return "IndexMixedOp";
    }

    /** Chooses candidate {@code name}; unknown names fail with the slot and the choices. */
    public void select(Object name) {
        int i = param.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("slot '" + slotName() + "': unknown choice " + name + "; choices are " + candidateNames());
        }
        index = i;
    }

    public void selectIndex(int i) {
        if (i < 0 || i >= candidateNames().size()) {
            throw new IndexOutOfBoundsException("slot '" + slotName() + "' has " + candidateNames().size() + " choices, got index " + i);
        }
        index = i;
    }

    public int selectedIndex() {
        return index;
    }

    @Override
    public List<String> topk(int k) {
        return List.of(candidateNames().get(index));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return candidates().get(index).forward(ps, inputs, training, params);
    }

    /** The chosen candidate only: the params and MACs of the subnet the current choice names. */
    @Override
    public Shape profile(Shape input, Profiler profiler) {
        return profiler.visit(candidates().get(index), input);
    }
}
