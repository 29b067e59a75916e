package org.modnas.models.proxy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.modnas.models.layers.Act;
import org.modnas.models.train.Autograd;

/**
 * The zero-cost proxies of an initialised, untrained network on one batch {@code x} with
 * {@code labels} (Abdelfattah et al. 2021; Mellor et al. 2021). Weights are the parameters of type
 * WEIGHT (convolution and linear kernels); the network is left as it was found.
 *
 * <ul>
 *   <li>{@code grad_norm}: Σ over weights of ‖∂L/∂w‖₂, L the batch's mean cross-entropy;
 *   <li>{@code snip}: Σ |∂L/∂w ⊙ w|;
 *   <li>{@code synflow}: with every weight replaced by its absolute value, batch norm at its
 *       (untouched) running statistics and activations unclipped, R = Σ f(1) for an input of ones;
 *       Σ ∂R/∂w ⊙ w;
 *   <li>{@code naswot}: log|det K| of the Hamming kernel of the images' ReLU codes,
 *       K[i][j] = the number of activations on which images i and j are both on or both off;
 *   <li>{@code jacob_cov}: from J, the gradient of the summed outputs with respect to each image,
 *       the eigenvalues v of the correlation matrix of J's rows: −Σ (log(v + k) + 1/(v + k)), k = 1e-5.
 * </ul>
 */
public final class ZeroCostProxies {
    /** The proxies, as the metrics of a candidate's row are named. */
    public static final List<String> NAMES = List.of("synflow", "naswot", "grad_norm", "snip", "jacob_cov");
    private static final double JACOB_K = 1e-5;

    private ZeroCostProxies() {
    }

    /** The proxies named in {@code which}, in {@link #NAMES} order; NaN where one is not finite. */
    public static Map<String, Double> score(Block net, NDManager manager, NDArray x, NDArray labels, Set<String> which) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (String name : NAMES) {
            if (!which.contains(name)) {
                continue;
            }
            double v = switch (name) {
                case "grad_norm" -> lossGradients(net, manager, x, labels, false);
                case "snip" -> lossGradients(net, manager, x, labels, true);
                case "synflow" -> synflow(net, manager, x);
                case "naswot" -> naswot(net, manager, x);
                case "jacob_cov" -> jacobCov(net, manager, x);
                default -> throw new IllegalArgumentException("unknown zero-cost proxy " + name);
            };
            out.put(name, Double.isFinite(v) ? v : Double.NaN);
        }
        return out;
    }

    /** The network's weights: the trainable parameters of type WEIGHT. */
    static List<Parameter> weights(Block net) {
        List<Parameter> out = new ArrayList<>();
        for (Pair<String, Parameter> p : net.getParameters()) {
            if (p.getValue().getType() == Parameter.Type.WEIGHT && p.getValue().requiresGradient()
                    && p.getValue().isInitialized()) {
                if (!p.getValue().getArray().hasGradient()) {
                    p.getValue().getArray().setRequiresGradient(true);
                }
                out.add(p.getValue());
            }
        }
        return out;
    }

    /** grad_norm (Σ ‖g‖₂) or, with {@code snip}, Σ |g ⊙ w|, of the batch's mean cross-entropy. */
    static double lossGradients(Block net, NDManager manager, NDArray x, NDArray labels, boolean snip) {
        List<Parameter> w = weights(net);
        try (NDManager scope = manager.newSubManager()) {
            NDArray loss = recorded(() -> {
                NDArray logits = forward(net, scope, x, true);
                NDArray oneHot = labels.toType(DataType.INT64, false).oneHot((int) logits.getShape().get(1));
                return logits.logSoftmax(1).mul(oneHot).sum(new int[] {1}).mean().mul(-1);
            });
            Autograd.backward(loss);
            double sum = 0;
            for (Parameter p : w) {
                NDArray g = Autograd.gradient(p.getArray(), scope);
                if (g != null) {
                    sum += snip ? g.mul(p.getArray()).abs().sum().toType(DataType.FLOAT64, false).getDouble()
                            : g.norm().toType(DataType.FLOAT64, false).getDouble();
                }
                Autograd.zeroGradient(p.getArray());
            }
            return sum;
        }
    }

    /** synflow on an input of ones shaped as one image of {@code x}; the weights are restored after. */
    static double synflow(Block net, NDManager manager, NDArray x) {
        List<Parameter> w = weights(net);
        try (NDManager scope = manager.newSubManager()) {
            List<NDArray> signs = new ArrayList<>();
            Autograd.withoutRecording(() -> {
                for (Parameter p : w) {
                    NDArray s = p.getArray().sign();
                    s.attach(scope);
                    signs.add(s);
                    p.getArray().muli(s); // |w|
                }
            });
            try (AutoCloseable unclipped = Act.probe(new Act.Probe() {
                @Override
                public void input(NDArray in) {
                }

                @Override
                public boolean unclipped() {
                    return true;
                }
            })) {
                long[] shape = x.getShape().getShape().clone();
                shape[0] = 1;
                NDArray ones = scope.ones(new ai.djl.ndarray.types.Shape(shape));
                Autograd.backward(recorded(() -> forward(net, scope, ones, false).sum()));
                double sum = 0;
                for (Parameter p : w) {
                    NDArray g = Autograd.gradient(p.getArray(), scope);
                    if (g != null) {
                        sum += g.mul(p.getArray()).sum().toType(DataType.FLOAT64, false).getDouble();
                    }
                    Autograd.zeroGradient(p.getArray());
                }
                return sum;
            } catch (Exception e) {
                throw new IllegalStateException("synflow: " + e.getMessage(), e);
            } finally {
                Autograd.withoutRecording(() -> {
                    for (int i = 0; i < signs.size(); i++) {
                        w.get(i).getArray().muli(signs.get(i)); // back to w = |w|·sign(w)
                    }
                });
            }
        }
    }

    /** NASWOT: log|det| of the Hamming kernel of the batch's ReLU codes. */
    static double naswot(Block net, NDManager manager, NDArray x) {
        int n = (int) x.getShape().get(0);
        try (NDManager scope = manager.newSubManager()) {
            NDArray[] kernel = {scope.zeros(new ai.djl.ndarray.types.Shape(n, n), DataType.FLOAT64)};
            try (AutoCloseable codes = Act.probe(in -> {
                NDArray c = in.gt(0).toType(DataType.FLOAT64, false).reshape(n, -1);
                NDArray off = c.mul(-1).add(1);
                kernel[0] = kernel[0].add(c.matMul(c.transpose())).add(off.matMul(off.transpose()));
            })) {
                forward(net, scope, x, true);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return Matrices.logAbsDet(toMatrix(kernel[0], n));
        }
    }

    /** jacob_cov: the spread of the eigenvalues of the correlation of the input gradients. */
    static double jacobCov(Block net, NDManager manager, NDArray x) {
        int n = (int) x.getShape().get(0);
        try (NDManager scope = manager.newSubManager()) {
            NDArray in = x.duplicate();
            in.attach(scope);
            in.setRequiresGradient(true);
            NDArray y = recorded(() -> forward(net, scope, in, true).sum());
            Autograd.backward(y);
            NDArray g = Autograd.gradient(in, scope).reshape(n, -1).toType(DataType.FLOAT64, false);
            for (Parameter p : weights(net)) {
                Autograd.zeroGradient(p.getArray());
            }
            double[][] j = toMatrix(g, n, (int) g.getShape().get(1));
            double[] v = Matrices.symmetricEigenvalues(Matrices.correlation(j));
            double score = 0;
            for (double e : v) {
                score -= Math.log(e + JACOB_K) + 1 / (e + JACOB_K);
            }
            return score;
        }
    }

    /** A forward pass in {@code scope}, in training or inference mode, its output attached to the scope. */
    private static NDArray forward(Block net, NDManager scope, NDArray x, boolean training) {
        NDArray y = net.forward(new ParameterStore(scope, false), new NDList(x), training).singletonOrThrow();
        y.attach(scope);
        return y;
    }

    /** Computes {@code f} recording gradients, with every weight of the network recording one. */
    private static NDArray recorded(java.util.function.Supplier<NDArray> f) {
        boolean was = Autograd.recording();
        Autograd.record(true);
        try {
            return f.get();
        } finally {
            Autograd.record(was);
        }
    }

    private static double[][] toMatrix(NDArray a, int n) {
        return toMatrix(a, n, n);
    }

    private static double[][] toMatrix(NDArray a, int rows, int cols) {
        double[] flat = a.toType(DataType.FLOAT64, false).toDoubleArray();
        double[][] m = new double[rows][cols];
        for (int i = 0; i < rows; i++) {
            System.arraycopy(flat, i * cols, m[i], 0, cols);
        }
        return m;
    }
}
