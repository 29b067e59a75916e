package org.modnas.models.space;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import java.util.List;
import org.modnas.core.arch.Param;

/**
 * A continuous arch param: the vector α over a mixed op's candidates, a DJL
 * {@link Parameter} of shape (n) trained by gradient optimizers. Its value in an arch desc is the
 * name of its best candidate, so {@link #canonicalValue} accepts candidate names.
 */
public final class TensorParam implements Param {
    private final String name;
    private final List<String> candidates;
    private final Parameter alpha;
    private final float[] initial;

    /**
     * @param initial the values α is initialised with, reported until the network is initialised
     */
    public TensorParam(String name, List<String> candidates, Parameter alpha, float[] initial) {
        this.name = name;
        this.candidates = List.copyOf(candidates);
        this.alpha = alpha;
        this.initial = initial.clone();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String kind() {
        return "tensor";
    }

    /** The DJL parameter holding α (initialised with the network). */
    public Parameter parameter() {
        return alpha;
    }

    public List<String> candidates() {
        return candidates;
    }

    /** α as floats: the live values once the network is initialised, the initial values before. */
    public float[] values() {
        if (!alpha.isInitialized()) {
            return initial.clone();
        }
        return floats(alpha.getArray());
    }

    /** The values of a 1-d array as floats, whatever its floating type. */
    static float[] floats(NDArray a) {
        if (a.getDataType() == ai.djl.ndarray.types.DataType.FLOAT32) {
            return a.toFloatArray();
        }
        try (NDArray f = a.toType(ai.djl.ndarray.types.DataType.FLOAT32, true)) {
            return f.toFloatArray();
        }
    }

    @Override
    public Object canonicalValue(Object value) {
        if (value instanceof String s && candidates.contains(s)) {
            return s;
        }
        throw new IllegalArgumentException("param '" + name + "' takes a candidate name, one of " + candidates + ", got " + value);
    }

    @Override
    public String toString() {
        return "TensorParam(" + name + ", " + candidates + ")";
    }
}
