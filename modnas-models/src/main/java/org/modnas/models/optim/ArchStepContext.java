package org.modnas.models.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;
import org.modnas.models.space.TensorMixedOp;

/**
 * What a gradient optimizer sees of a supernet during one arch step: the weights and α as engine
 * arrays (updated in place), the losses of the step's training batch and validation batch with their
 * graphs recorded, and the weight optimizer's settings and state for an unrolled weight step.
 * {@code alphas().get(k)} is the α of {@code mixedOps().get(k)}.
 */
public interface ArchStepContext {
    /** The weight arrays, in a fixed order. */
    List<NDArray> weights();

    /** The α arrays, one per mixed op. */
    List<NDArray> alphas();

    /** The mixed ops whose α these are (empty for a problem without a network). */
    List<TensorMixedOp> mixedOps();

    /** The loss of the training batch of this step at the current weights, graph recorded, in {@code scope}. */
    NDArray trainLoss(NDManager scope);

    /** The loss of the validation batch of this step at the current weights, graph recorded, in {@code scope}. */
    NDArray validLoss(NDManager scope);

    /** The weight optimizer's current learning rate (ξ of an unrolled step). */
    double lr();

    /** The weight optimizer's momentum μ. */
    double momentum();

    /** The weight optimizer's weight decay λ. */
    double weightDecay();

    /** The momentum buffer of {@code weights().get(i)} (PyTorch's convention) in {@code scope}, or null when it has none. */
    NDArray momentumBuffer(int i, NDManager scope);

    /** The manager temporaries of a step are scoped under. */
    NDManager manager();
}
