package org.modnas.models.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;
import org.modnas.models.space.BinaryGateMixedOp;
import org.modnas.models.space.MixedOp;
import org.modnas.models.space.TensorMixedOp;

/**
 * ProxylessNAS' gradient arch step (ProxylessNAS-G) on binary-gate mixed ops. In arch mode each op
 * samples two distinct candidates from softmax(α) and gates one of them on; the validation loss's
 * gradient reaches the pair's α through the binary gates
 * ({@code ∂α_i = Σ_j ⟨∂L/∂y, o_j⟩ p_j (δ_ij − p_i)}). After the Adam step, with {@code renorm}, the
 * pair's α are shifted by {@code log(k_new) − log(k_old)}, {@code k = Σ_others e^α / Σ_pair e^α},
 * so the pair's total probability is what it was and only its split changed. An op with exactly two
 * candidates has no others: its pair always holds all the probability, and it is left as Adam
 * moved it.
 */
public final class BinaryGateOptim extends GradientOptimizer {
    public static final String NAME = "BinaryGateOptim";

    private final boolean renorm;

    public BinaryGateOptim(double lr, double beta1, double beta2, double weightDecay, boolean renorm) {
        super(lr, beta1, beta2, weightDecay);
        this.renorm = renorm;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    protected void archStep(ArchStepContext ctx, NDManager scope) {
        List<NDArray> a = ctx.alphas();
        double[][] before = new double[a.size()][];
        for (int k = 0; k < a.size(); k++) {
            before[k] = Gradients.values(a.get(k));
        }
        setMode(ctx, MixedOp.Mode.ARCH);
        List<NDArray> grads;
        try {
            grads = Gradients.take(ctx.validLoss(scope), a, Gradients.concat(ctx.weights(), a), scope);
        } finally {
            setMode(ctx, MixedOp.Mode.WEIGHT);
        }
        double[][] after = adam().step(a, grads);
        if (!renorm) {
            return;
        }
        List<TensorMixedOp> ops = ctx.mixedOps();
        for (int k = 0; k < a.size(); k++) {
            if (ops.get(k) instanceof BinaryGateMixedOp op) {
                int[] pair = op.activePair();
                if (pair.length == 2 && after[k].length > 2) {
                    Gradients.assign(a.get(k), renormalised(before[k], after[k], pair));
                }
            }
        }
    }

    /**
     * α after the step with the pair shifted so its total probability under softmax is what it was
     * before the step.
     */
    static double[] renormalised(double[] before, double[] after, int[] pair) {
        double shift = Math.log(othersOverPair(after, pair)) - Math.log(othersOverPair(before, pair));
        double[] out = after.clone();
        for (int i : pair) {
            out[i] += shift;
        }
        return out;
    }

    /** {@code Σ_others e^α / Σ_pair e^α}, computed stably. */
    private static double othersOverPair(double[] a, int[] pair) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : a) {
            max = Math.max(max, v);
        }
        double inPair = 0;
        double others = 0;
        for (int i = 0; i < a.length; i++) {
            double e = Math.exp(a[i] - max);
            if (i == pair[0] || i == pair[1]) {
                inPair += e;
            } else {
                others += e;
            }
        }
        return others / inPair;
    }
}
