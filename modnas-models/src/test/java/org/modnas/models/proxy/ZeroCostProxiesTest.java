package org.modnas.models.proxy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.modnas.models.layers.Act;
import org.modnas.models.train.Autograd;

/** Every proxy against its hand computation on networks of one or two bias-free linear layers. */
class ZeroCostProxiesTest {
    private static final float[][] W = {{1, 2}, {-1, 0.5f}};

    /** A network of bias-free linear layers (ReLU6 between them) with the given weights, rows = outputs. */
    private static Block net(NDManager m, int inputs, float[][]... layers) {
        SequentialBlock b = new SequentialBlock();
        for (int i = 0; i < layers.length; i++) {
            if (i > 0) {
                b.add(Act.relu6());
            }
            b.add(Linear.builder().setUnits(layers[i].length).optBias(false).build());
        }
        b.initialize(m, DataType.FLOAT32, new Shape(1, inputs));
        List<Parameter> ws = ZeroCostProxies.weights(b);
        Autograd.withoutRecording(() -> {
            for (int i = 0; i < layers.length; i++) {
                float[] flat = new float[layers[i].length * layers[i][0].length];
                for (int r = 0; r < layers[i].length; r++) {
                    System.arraycopy(layers[i][r], 0, flat, r * layers[i][0].length, layers[i][0].length);
                }
                NDArray a = ws.get(i).getArray();
                a.muli(0).addi(m.create(flat, a.getShape()));
            }
        });
        return b;
    }

    private static double[] softmax(double... z) {
        double max = Arrays.stream(z).max().orElse(0);
        double[] e = Arrays.stream(z).map(v -> Math.exp(v - max)).toArray();
        double s = Arrays.stream(e).sum();
        return Arrays.stream(e).map(v -> v / s).toArray();
    }

    @Test
    void gradNormAndSnipAreTheNormAndSaliencyOfTheCrossEntropysGradient() {
        try (NDManager m = NDManager.newBaseManager()) {
            Block b = net(m, 2, W);
            double[][] x = {{1, 0}, {0, 1}};
            int[] y = {0, 1};
            // dL/dW[o][i] = mean over images of (softmax(W x) − onehot(y))[o] · x[i]
            double[][] g = new double[2][2];
            for (int n = 0; n < 2; n++) {
                double[] logits = {W[0][0] * x[n][0] + W[0][1] * x[n][1], W[1][0] * x[n][0] + W[1][1] * x[n][1]};
                double[] s = softmax(logits);
                for (int o = 0; o < 2; o++) {
                    for (int i = 0; i < 2; i++) {
                        g[o][i] += (s[o] - (y[n] == o ? 1 : 0)) * x[n][i] / 2;
                    }
                }
            }
            double norm = 0;
            double snip = 0;
            for (int o = 0; o < 2; o++) {
                for (int i = 0; i < 2; i++) {
                    norm += g[o][i] * g[o][i];
                    snip += Math.abs(g[o][i] * W[o][i]);
                }
            }
            Map<String, Double> p = ZeroCostProxies.score(b, m, m.create(new float[] {1, 0, 0, 1}, new Shape(2, 2)),
                    m.create(y), Set.of("grad_norm", "snip"));
            assertEquals(Math.sqrt(norm), p.get("grad_norm"), 1e-6);
            assertEquals(snip, p.get("snip"), 1e-6);
        }
    }

    @Test
    void synflowIsTwiceThePathSumOfAbsoluteWeightsThroughUnclippedActivationsAndLeavesTheWeights() {
        try (NDManager m = NDManager.newBaseManager()) {
            float[][] w1 = {{5, -4}, {1, 3}}; // hidden 9 and 4 for an input of ones: ReLU6 would clip the first
            float[][] w2 = {{-2, 0.5f}};
            Block b = net(m, 2, w1, w2);
            // R = Σ_k |w2_k| Σ_i |w1_ki|; Σ ∂R/∂w ⊙ w over both layers counts every path once per layer: 2R
            double r = 2 * (5 + 4) + 0.5 * (1 + 3);
            Map<String, Double> p = ZeroCostProxies.score(b, m, m.create(new float[] {7, 8, 9, 10}, new Shape(2, 2)),
                    m.create(new int[] {0, 0}), Set.of("synflow"));
            assertEquals(2 * r, p.get("synflow"), 1e-4);
            assertArrayEquals(new float[] {5, -4, 1, 3}, ZeroCostProxies.weights(b).get(0).getArray().toFloatArray(),
                    "the weights are restored");
        }
    }

    @Test
    void naswotIsTheLogDeterminantOfTheReluCodesHammingKernel() {
        try (NDManager m = NDManager.newBaseManager()) {
            float[][] w1 = {{1, 0}, {0, 1}, {1, -1}};
            Block b = net(m, 2, w1, new float[][] {{1, 1, 1}});
            float[] x = {1, 2, -1, 1, 2, -3};
            // hidden pre-activations (x0, x1, x0 − x1) and their codes
            int[][] codes = {{1, 1, 0}, {0, 1, 0}, {1, 0, 1}};
            double[][] k = new double[3][3];
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    for (int a = 0; a < 3; a++) {
                        k[i][j] += codes[i][a] == codes[j][a] ? 1 : 0;
                    }
                }
            }
            double det = k[0][0] * (k[1][1] * k[2][2] - k[1][2] * k[2][1]) - k[0][1] * (k[1][0] * k[2][2] - k[1][2] * k[2][0])
                    + k[0][2] * (k[1][0] * k[2][1] - k[1][1] * k[2][0]);
            Map<String, Double> p = ZeroCostProxies.score(b, m, m.create(x, new Shape(3, 2)), m.create(new int[] {0, 0, 0}),
                    Set.of("naswot"));
            assertEquals(Math.log(Math.abs(det)), p.get("naswot"), 1e-9);
        }
    }

    @Test
    void jacobCovScoresTheEigenvaluesOfTheCorrelationOfInputGradients() {
        try (NDManager m = NDManager.newBaseManager()) {
            float[][] w1 = {{1, 0, 2}, {0, 1, -1}, {1, 1, 1}};
            float[][] w2 = {{2, -1, 0.5f}};
            Block b = net(m, 3, w1, w2);
            float[] x = {1, 1, 1, -1, 2, 0, 0.5f, -2, 1};
            // J_n = Σ_k w2_k · [h_nk > 0] · w1_k, h = w1 x
            double[][] j = new double[3][3];
            for (int n = 0; n < 3; n++) {
                for (int k = 0; k < 3; k++) {
                    double h = 0;
                    for (int i = 0; i < 3; i++) {
                        h += w1[k][i] * x[n * 3 + i];
                    }
                    if (h > 0) {
                        for (int i = 0; i < 3; i++) {
                            j[n][i] += w2[0][k] * w1[k][i];
                        }
                    }
                }
            }
            double score = 0;
            for (double v : Matrices.symmetricEigenvalues(Matrices.correlation(j))) {
                score -= Math.log(v + 1e-5) + 1 / (v + 1e-5);
            }
            Map<String, Double> p = ZeroCostProxies.score(b, m, m.create(x, new Shape(3, 3)), m.create(new int[] {0, 0, 0}),
                    Set.of("jacob_cov"));
            assertEquals(score, p.get("jacob_cov"), 1e-6 * Math.abs(score));
        }
    }

    @Test
    void theLinearAlgebraMatchesMatricesWithKnownAnswers() {
        double[] ev = Matrices.symmetricEigenvalues(new double[][] {{2, 1, 0}, {1, 2, 0}, {0, 0, 5}});
        Arrays.sort(ev);
        assertArrayEquals(new double[] {1, 3, 5}, ev, 1e-12);
        assertEquals(Math.log(6), Matrices.logAbsDet(new double[][] {{0, 2}, {3, 1}}), 1e-12, "|det| = |0 − 6|");
        assertEquals(Double.NEGATIVE_INFINITY, Matrices.logAbsDet(new double[][] {{1, 2}, {2, 4}}));
        double[][] c = Matrices.correlation(new double[][] {{1, 2, 3}, {2, 4, 6}, {3, 2, 1}});
        assertEquals(1.0, c[0][1], 1e-12);
        assertEquals(-1.0, c[0][2], 1e-12);
    }
}
