package org.modnas.models.space;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.training.ParameterStore;

/**
 * ProxylessNAS' mixed op ({@code BinGate}).
 * <ul>
 * <li>{@link Mode#WEIGHT} while training: one path sampled from softmax(α); only it runs.</li>
 * <li>{@link Mode#ARCH} while training: two distinct candidates i, j sampled from softmax(α); with
 * {@code p = softmax(α_i, α_j)} one of them is gated on by a draw from p, and the output is
 * {@code Σ_{m∈{i,j}} gate_m · o_m} with the straight-through gate {@code onehot + p − stopGradient(p)}.
 * Its value is the chosen output; its gradient gives exactly
 * {@code ∂α_a = Σ_m ⟨∂L/∂y, o_m⟩ · p_m (δ_am − p_a)} for a in the pair, zero elsewhere.</li>
 * <li>evaluation ({@code training = false}): the argmax path.</li>
 * </ul>
 * {@link #activePair()} tells the optimizer which two α entries the last arch step touched (for
 * its re-normalisation).
 */
public class BinaryGateMixedOp extends TensorMixedOp {
    private int activePath = -1;
    private int[] activePair = new int[0];

    public BinaryGateMixedOp(MixedOpInputs in) {
        super(in);
    }

    @Override
    public String kindName() {
        return "BinaryGateMixedOp";
    }

    /** Whether paths, pairs and gates are drawn uniformly instead of from α. */
    protected boolean uniform() {
        return false;
    }

    /** The candidate index run by the last weight-mode or evaluation pass, or -1. */
    public int activePath() {
        return activePath;
    }

    /** The two candidate indices of the last arch-mode pass (empty before one). */
    public int[] activePair() {
        return activePair.clone();
    }

    @Override
    protected NDList forwardMixed(ParameterStore ps, NDList inputs, boolean training) {
        NDArray x = inputs.singletonOrThrow();
        NDArray a = alpha(ps, x, training);
        float[] av = TensorParam.floats(a);
        int n = av.length;
        if (!training) {
            activePath = argmax(av);
            return candidates().get(activePath).forward(ps, inputs, false);
        }
        float[] p = uniform() ? uniformOver(n) : softmax(av);
        if (mode() == Mode.WEIGHT || n == 1) {
            activePath = sample(p, rng);
            return candidates().get(activePath).forward(ps, inputs, true);
        }
        int i = sample(p, rng);
        float[] rest = p.clone();
        rest[i] = 0;
        float restSum = 0;
        for (float v : rest) {
            restSum += v;
        }
        for (int m = 0; m < n; m++) {
            rest[m] = restSum > 0 ? rest[m] / restSum : (m == i ? 0 : 1f / (n - 1));
        }
        int j = sample(rest, rng);
        activePair = new int[] {i, j};
        NDArray pair = NDArrays.stack(new NDList(a.get(i), a.get(j)));
        NDArray pp = pair.softmax(0);
        float[] ppv = TensorParam.floats(pp);
        int gated = sample(uniform() ? uniformOver(2) : ppv, rng);
        activePath = gated == 0 ? i : j;
        NDArray onehot = x.getManager().create(gated == 0 ? new float[] {1, 0} : new float[] {0, 1})
                .toType(pp.getDataType(), false).toDevice(pp.getDevice(), false);
        NDArray gate = onehot.add(pp).sub(pp.stopGradient());
        NDArray oi = candidates().get(i).forward(ps, inputs, true).singletonOrThrow();
        NDArray oj = candidates().get(j).forward(ps, inputs, true).singletonOrThrow();
        return new NDList(oi.mul(gate.get(0)).add(oj.mul(gate.get(1))));
    }

    private static float[] uniformOver(int n) {
        float[] u = new float[n];
        java.util.Arrays.fill(u, 1f / n);
        return u;
    }
}
