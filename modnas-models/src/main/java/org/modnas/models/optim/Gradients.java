package org.modnas.models.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.List;
import org.modnas.models.train.Autograd;

/** Gradients of a recorded loss, taken so that no gradient is left behind for the next backward pass. */
final class Gradients {
    private Gradients() {
    }

    /**
     * Back-propagates {@code loss} and returns the gradient of each of {@code wrt} as a new array in
     * {@code scope} (zeros where the loss does not reach it). The gradients of every array in
     * {@code all} are cleared before and after, so earlier passes do not add to them and later ones
     * start from zero.
     */
    static List<NDArray> take(NDArray loss, List<NDArray> wrt, List<NDArray> all, NDManager scope) {
        clear(all);
        Autograd.backward(loss);
        List<NDArray> out = new ArrayList<>(wrt.size());
        for (NDArray a : wrt) {
            NDArray g = Autograd.gradient(a, scope);
            NDArray copy = g == null ? a.zerosLike() : g.duplicate();
            copy.attach(scope);
            out.add(copy);
        }
        clear(all);
        return out;
    }

    /** Clears the gradients of {@code arrays}. */
    static void clear(List<NDArray> arrays) {
        for (NDArray a : arrays) {
            Autograd.zeroGradient(a);
        }
    }

    /** The global L2 norm of {@code arrays}, as one engine reduction. */
    static double norm(List<NDArray> arrays, NDManager scope) {
        NDList norms = new NDList();
        for (NDArray a : arrays) {
            NDArray n = a.norm();
            n.attach(scope);
            norms.add(n.toType(DataType.FLOAT64, false));
        }
        NDArray total = NDArrays.stack(norms).norm();
        total.attach(scope);
        return total.getDouble();
    }

    /** {@code a} followed by {@code b}. */
    static List<NDArray> concat(List<NDArray> a, List<NDArray> b) {
        List<NDArray> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    /** The values of an array as doubles, whatever its floating type. */
    static double[] values(NDArray a) {
        if (a.getDataType() == DataType.FLOAT64) {
            return a.toDoubleArray();
        }
        try (NDArray d = a.toType(DataType.FLOAT64, true)) {
            return d.toDoubleArray();
        }
    }

    /** Writes {@code v} into {@code a} in place, in {@code a}'s floating type. */
    static void assign(NDArray a, double[] v) {
        if (a.getDataType() == DataType.FLOAT64) {
            a.set(v);
            return;
        }
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        a.set(f);
    }

    /** Makes {@code dst} equal to {@code src} in place (same shape). */
    static void assign(NDArray dst, NDArray src) {
        dst.muli(0).addi(src);
    }
}
