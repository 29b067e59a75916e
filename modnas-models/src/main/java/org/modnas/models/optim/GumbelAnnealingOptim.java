package org.modnas.models.optim;

import ai.djl.ndarray.NDManager;
import java.util.List;
import org.modnas.models.space.GumbelSumMixedOp;
import org.modnas.models.space.TensorMixedOp;

/**
 * SNAS-style search on Gumbel-softmax mixed ops: before each bi-level arch step the temperature of
 * every {@link GumbelSumMixedOp} is set to {@code τ = τ₀·exp(−rate·⌊s / interval⌋)}, s the arch steps
 * taken so far (counted from 0 again every {@code restart_period} steps when that is positive).
 */
public final class GumbelAnnealingOptim extends DirectGradBiLevelOptim {
    public static final String NAME = "GumbelAnnealingOptim";

    private final double initTemp;
    private final double rate;
    private final int interval;
    private final long restartPeriod;

    public GumbelAnnealingOptim(double lr, double beta1, double beta2, double weightDecay, double initTemp, double rate,
                                int interval, long restartPeriod) {
        super(lr, beta1, beta2, weightDecay);
        this.initTemp = initTemp;
        this.rate = rate;
        this.interval = interval;
        this.restartPeriod = restartPeriod;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The temperature of arch step {@code step} (from 0). */
    public double temperature(long step) {
        long s = restartPeriod > 0 ? step % restartPeriod : step;
        return initTemp * Math.exp(-rate * (s / interval));
    }

    @Override
    public void begin(List<TensorMixedOp> ops) {
        double t = temperature(steps());
        for (TensorMixedOp op : ops) {
            if (op instanceof GumbelSumMixedOp g) {
                g.setTemperature(t);
            }
        }
    }

    @Override
    protected void archStep(ArchStepContext ctx, NDManager scope) {
        begin(ctx.mixedOps());
        super.archStep(ctx, scope);
    }
}
