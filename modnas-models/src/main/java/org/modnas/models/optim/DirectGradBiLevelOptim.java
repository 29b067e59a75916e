package org.modnas.models.optim;

import ai.djl.ndarray.NDManager;

/**
 * First-order bi-level gradient search: α is stepped along the gradient of the loss of a
 * validation batch at the current weights, {@code ∇α L_val(w, α)}.
 */
public class DirectGradBiLevelOptim extends GradientOptimizer {
    public static final String NAME = "DirectGradOptimBiLevel";

    public DirectGradBiLevelOptim(double lr, double beta1, double beta2, double weightDecay) {
        super(lr, beta1, beta2, weightDecay);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    protected void archStep(ArchStepContext ctx, NDManager scope) {
        adam().step(ctx.alphas(), Gradients.take(ctx.validLoss(scope), ctx.alphas(),
                Gradients.concat(ctx.weights(), ctx.alphas()), scope));
    }
}
