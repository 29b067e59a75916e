package org.modnas.models.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;

/**
 * DARTS (Liu et al. 2019), second order by default. With ξ the weight optimizer's current learning
 * rate, the arch step first takes a virtual weight step on the step's training batch,
 * {@code w′ = w − ξ(μ·m + ∇w L_train(w, α) + λw)} (m the weight optimizer's momentum buffer), then
 * steps α along
 * {@code ∇α L_val(w′, α) − ξ·[∇α L_train(w⁺, α) − ∇α L_train(w⁻, α)] / (2ε)},
 * {@code w± = w ± ε·∇w′ L_val(w′, α)}, {@code ε = 0.01 / ‖∇w′ L_val‖}: the gradient of the
 * validation loss through one unrolled step, its Hessian-vector product by central differences.
 * The weights are restored exactly afterwards. {@code first_order} (ξ = 0) steps α along
 * {@code ∇α L_val(w, α)} only.
 */
public final class DARTSOptim extends GradientOptimizer {
    public static final String NAME = "DARTSOptim";
    private static final double R = 0.01;

    private final boolean firstOrder;

    public DARTSOptim(double lr, double beta1, double beta2, double weightDecay, boolean firstOrder) {
        super(lr, beta1, beta2, weightDecay);
        this.firstOrder = firstOrder;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    protected void archStep(ArchStepContext ctx, NDManager scope) {
        adam().step(ctx.alphas(), gradient(ctx, scope));
    }

    /** The α gradient of this step (second order unless first_order or ξ = 0). */
    List<NDArray> gradient(ArchStepContext ctx, NDManager scope) {
        List<NDArray> w = ctx.weights();
        List<NDArray> a = ctx.alphas();
        List<NDArray> all = Gradients.concat(w, a);
        double xi = firstOrder ? 0 : ctx.lr();
        if (xi == 0) {
            return Gradients.take(ctx.validLoss(scope), a, all, scope);
        }
        List<NDArray> gw = Gradients.take(ctx.trainLoss(scope), w, all, scope);
        List<NDArray> saved = new ArrayList<>(w.size());
        for (int i = 0; i < w.size(); i++) {
            NDArray wi = w.get(i);
            NDArray copy = wi.duplicate();
            copy.attach(scope);
            saved.add(copy);
            NDArray d = gw.get(i);
            if (ctx.weightDecay() > 0) {
                d = scoped(d.add(scoped(wi.mul(ctx.weightDecay()), scope)), scope);
            }
            NDArray m = ctx.momentumBuffer(i, scope);
            if (m != null && ctx.momentum() > 0) {
                d = scoped(d.add(scoped(m.mul(ctx.momentum()), scope)), scope);
            }
            wi.subi(scoped(d.mul(xi), scope));
        }
        try {
            List<NDArray> valid = Gradients.take(ctx.validLoss(scope), Gradients.concat(a, w), all, scope);
            List<NDArray> dAlpha = new ArrayList<>(valid.subList(0, a.size()));
            List<NDArray> v = valid.subList(a.size(), valid.size());
            double norm = Gradients.norm(v, scope);
            if (norm == 0 || !Double.isFinite(norm)) {
                return dAlpha;
            }
            double eps = R / norm;
            shift(w, saved, v, eps, scope);
            List<NDArray> plus = Gradients.take(ctx.trainLoss(scope), a, all, scope);
            shift(w, saved, v, -eps, scope);
            List<NDArray> minus = Gradients.take(ctx.trainLoss(scope), a, all, scope);
            for (int k = 0; k < a.size(); k++) {
                NDArray hessian = scoped(plus.get(k).sub(minus.get(k)), scope).divi(2 * eps);
                dAlpha.set(k, scoped(dAlpha.get(k).sub(scoped(hessian.mul(xi), scope)), scope));
            }
            return dAlpha;
        } finally {
            for (int i = 0; i < w.size(); i++) {
                Gradients.assign(w.get(i), saved.get(i));
            }
        }
    }

    /** Sets every {@code w = saved + eps·v} in place. */
    private static void shift(List<NDArray> w, List<NDArray> saved, List<NDArray> v, double eps, NDManager scope) {
        for (int i = 0; i < w.size(); i++) {
            Gradients.assign(w.get(i), scoped(saved.get(i).add(scoped(v.get(i).mul(eps), scope)), scope));
        }
    }

    private static NDArray scoped(NDArray a, NDManager scope) {
        a.attach(scope);
        return a;
    }
}
