package org.modnas.models.optim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ai.djl.ndarray.NDArray;
import java.util.List;

/**
 * Adam over the α arrays, as PyTorch's {@code torch.optim.Adam} with L2 weight decay: per array,
 * {@code g += λθ; m = β₁m + (1−β₁)g; v = β₂v + (1−β₂)g²; θ −= (lr/(1−β₁ᵗ))·m / (√v/√(1−β₂ᵗ) + ε)}.
 * An array whose gradient is null this step is skipped, state and step count included, as PyTorch
 * skips a parameter without a gradient. α is small, so the update runs in double precision in Java
 * and its whole state is a JSON snapshot.
 */
final class AlphaAdam {
    private static final double EPS = 1e-8;

    /**
     * @param lr          learning rate
     * @param beta1       first-moment decay
     * @param beta2       second-moment decay
     * @param weightDecay L2 weight decay
     */
    record Settings(double lr, double beta1, double beta2, double weightDecay) {
    }

    private final Settings settings;
    private double[][] m;
    private double[][] v;
    private long[] t;

    AlphaAdam(Settings settings) {
        this.settings = settings;
    }

    Settings settings() {
        return settings;
    }

    /** One Adam step of every α whose gradient is not null; returns α after the step. */
    double[][] step(List<NDArray> alphas, List<NDArray> grads) {
        ensure(alphas);
        double[][] after = new double[alphas.size()][];
        for (int k = 0; k < alphas.size(); k++) {
            double[] theta = Gradients.values(alphas.get(k));
            after[k] = theta;
            if (grads.get(k) == null) {
                continue;
            }
            double[] g = Gradients.values(grads.get(k));
            t[k]++;
            double bc1 = 1 - Math.pow(settings.beta1(), t[k]);
            double bc2 = Math.sqrt(1 - Math.pow(settings.beta2(), t[k]));
            for (int i = 0; i < theta.length; i++) {
                double gi = g[i] + settings.weightDecay() * theta[i];
                m[k][i] = settings.beta1() * m[k][i] + (1 - settings.beta1()) * gi;
                v[k][i] = settings.beta2() * v[k][i] + (1 - settings.beta2()) * gi * gi;
                theta[i] -= settings.lr() / bc1 * m[k][i] / (Math.sqrt(v[k][i]) / bc2 + EPS);
            }
            Gradients.assign(alphas.get(k), theta);
        }
        return after;
    }

    private void ensure(List<NDArray> alphas) {
        if (m != null && m.length == alphas.size()) {
            return;
        }
        m = new double[alphas.size()][];
        v = new double[alphas.size()][];
        t = new long[alphas.size()];
        for (int k = 0; k < alphas.size(); k++) {
            int n = (int) alphas.get(k).size();
            m[k] = new double[n];
            v[k] = new double[n];
        }
    }

    /** The moments and step counts, for a checkpoint. */
    ObjectNode state() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        if (m == null) {
            return o;
        }
        ArrayNode steps = o.putArray("t");
        ArrayNode ms = o.putArray("m");
        ArrayNode vs = o.putArray("v");
        for (int k = 0; k < m.length; k++) {
            steps.add(t[k]);
            ArrayNode mk = ms.addArray();
            ArrayNode vk = vs.addArray();
            for (int i = 0; i < m[k].length; i++) {
                mk.add(m[k][i]);
                vk.add(v[k][i]);
            }
        }
        return o;
    }

    /** Restores what {@link #state} returned. */
    void restore(JsonNode o) {
        if (!o.has("t")) {
            m = null;
            return;
        }
        int n = o.get("t").size();
        m = new double[n][];
        v = new double[n][];
        t = new long[n];
        for (int k = 0; k < n; k++) {
            t[k] = o.get("t").get(k).asLong();
            m[k] = doubles(o.get("m").get(k));
            v[k] = doubles(o.get("v").get(k));
        }
    }

    private static double[] doubles(JsonNode a) {
        double[] d = new double[a.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = a.get(i).asDouble();
        }
        return d;
    }
}
