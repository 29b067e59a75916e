package org.modnas.models.space;

import ai.djl.ndarray.NDArray;

/**
 * SNAS' mixed op ({@code GumbelSum}): while training, weights
 * {@code softmax((α + g)/τ)} with fresh Gumbel noise g per pass (from the op's seeded generator);
 * in evaluation softmax(α). τ starts at {@code temperature} (1e5 by default, as the original)
 * and is annealed by the optimizer through {@link #setTemperature}.
 */
public final class GumbelSumMixedOp extends SoftmaxSumMixedOp {
    private double temperature;

    public GumbelSumMixedOp(MixedOpInputs in, double temperature) {
        super(in);
        setTemperature(temperature);
    }

    @Override
    public String kindName() {
        return "GumbelSumMixedOp";
    }

    public double temperature() {
        return temperature;
    }

    public void setTemperature(double t) {
        if (!(t > 0) || Double.isInfinite(t)) {
            throw new IllegalArgumentException("Gumbel temperature must be positive and finite, got " + t);
        }
        this.temperature = t;
    }

    @Override
    protected NDArray weights(NDArray alpha, boolean training) {
        if (!training) {
            return alpha.softmax(0);
        }
        int n = (int) alpha.size();
        float[] g = new float[n];
        for (int i = 0; i < n; i++) {
            double u = Math.max(rng.nextDouble(), 1e-20);
            g[i] = (float) -Math.log(-Math.log(u) + 1e-20);
        }
        NDArray noise = alpha.getManager().create(g).toDevice(alpha.getDevice(), false);
        return alpha.add(noise).div(temperature).softmax(0);
    }
}
