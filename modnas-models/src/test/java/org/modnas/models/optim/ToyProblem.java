package org.modnas.models.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;
import java.util.function.BiFunction;
import org.modnas.models.space.TensorMixedOp;
import org.modnas.models.train.Autograd;

/**
 * A bilevel problem without a network: weights and α are plain arrays, the two losses are functions
 * of them, and the weight optimizer's settings are fixed.
 */
final class ToyProblem implements ArchStepContext {
    private final NDManager manager;
    private final List<NDArray> weights;
    private final List<NDArray> alphas;
    private final BiFunction<List<NDArray>, List<NDArray>, NDArray> train;
    private final BiFunction<List<NDArray>, List<NDArray>, NDArray> valid;
    double lr;
    double momentum;
    double weightDecay;
    List<NDArray> buffers;
    List<TensorMixedOp> ops = List.of();

    ToyProblem(NDManager manager, List<NDArray> weights, List<NDArray> alphas,
               BiFunction<List<NDArray>, List<NDArray>, NDArray> train,
               BiFunction<List<NDArray>, List<NDArray>, NDArray> valid) {
        this.manager = manager;
        this.weights = weights;
        this.alphas = alphas;
        this.train = train;
        this.valid = valid;
        for (NDArray a : weights) {
            a.setRequiresGradient(true);
        }
        for (NDArray a : alphas) {
            a.setRequiresGradient(true);
        }
    }

    private static NDArray recorded(BiFunction<List<NDArray>, List<NDArray>, NDArray> f, List<NDArray> w, List<NDArray> a,
                                    NDManager scope) {
        Autograd.record(true);
        try {
            NDArray loss = f.apply(w, a);
            loss.attach(scope);
            return loss;
        } finally {
            Autograd.record(false);
        }
    }

    @Override
    public List<NDArray> weights() {
        return weights;
    }

    @Override
    public List<NDArray> alphas() {
        return alphas;
    }

    @Override
    public List<TensorMixedOp> mixedOps() {
        return ops;
    }

    @Override
    public NDArray trainLoss(NDManager scope) {
        return recorded(train, weights, alphas, scope);
    }

    @Override
    public NDArray validLoss(NDManager scope) {
        return recorded(valid, weights, alphas, scope);
    }

    @Override
    public double lr() {
        return lr;
    }

    @Override
    public double momentum() {
        return momentum;
    }

    @Override
    public double weightDecay() {
        return weightDecay;
    }

    @Override
    public NDArray momentumBuffer(int i, NDManager scope) {
        return buffers == null ? null : buffers.get(i);
    }

    @Override
    public NDManager manager() {
        return manager;
    }
}
