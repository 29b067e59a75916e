package org.modnas.models.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import org.modnas.models.train.Autograd;

/**
 * One-level gradient search: α is stepped with the gradients the last weight step's backward pass
 * left on it (weights and α trained on the same training batches), then those gradients are
 * cleared. Before the first weight step there are none, and nothing moves.
 */
public final class DirectGradOptim extends GradientOptimizer {
    public static final String NAME = "DirectGradOptim";

    public DirectGradOptim(double lr, double beta1, double beta2, double weightDecay) {
        super(lr, beta1, beta2, weightDecay);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    protected void archStep(ArchStepContext ctx, NDManager scope) {
        List<NDArray> a = ctx.alphas();
        List<NDArray> grads = new ArrayList<>(a.size());
        for (NDArray alpha : a) {
            NDArray g = Autograd.gradient(alpha, scope);
            NDArray copy = g == null ? null : g.duplicate();
            if (copy != null) {
                copy.attach(scope);
            }
            grads.add(copy);
        }
        Gradients.clear(a);
        adam().step(a, grads);
    }
}
