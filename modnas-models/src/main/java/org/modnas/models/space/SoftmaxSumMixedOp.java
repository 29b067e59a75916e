package org.modnas.models.space;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.ParameterStore;

/**
 * DARTS' mixed op ({@code WeightedSum}): {@code y = Σ softmax(α)ᵢ · opᵢ(x)}, every
 * candidate run, gradients to α and to every candidate's weights.
 */
public class SoftmaxSumMixedOp extends TensorMixedOp {
    public SoftmaxSumMixedOp(MixedOpInputs in) {
        super(in);
    }

    @Override
    public String kindName() {
        return "SoftmaxSumMixedOp";
    }

    /** The weights of the sum for this pass: softmax(α) here; Gumbel noise and temperature in the subclass. */
    protected NDArray weights(NDArray alpha, boolean training) {
        return alpha.softmax(0);
    }

    @Override
    protected NDList forwardMixed(ParameterStore ps, NDList inputs, boolean training) {
        NDArray x = inputs.singletonOrThrow();
        NDArray w = weights(alpha(ps, x, training), training);
        NDArray y = null;
        for (int i = 0; i < candidates().size(); i++) {
            NDArray o = candidates().get(i).forward(ps, inputs, training).singletonOrThrow();
            NDArray term = o.mul(w.get(i));
            y = y == null ? term : y.add(term);
        }
        return new NDList(y);
    }
}
