package org.modnas.models.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.modnas.models.train.Autograd;

/** DARTS' hypergradient on problems whose answer is known, in double precision. */
class DARTSOptimTest {
    /**
     * The paper's toy problem: L_val = αw − 2α + 1, L_train = w² − 2αw + α². The inner optimum is
     * w*(α) = α, so the true objective is L_val(α, α) = (α − 1)², minimised at α = 1.
     * One unrolled step with ξ gives w′ = w − ξ(2w − 2α) and the total derivative
     * dL_val(w′, α)/dα = (w′ − 2) + α·∂w′/∂α = w′ − 2 + 2ξα. With weight steps of learning rate 1/2,
     * w = α after every weight step, so w′ = α and the second-order gradient is (1 + 2ξ)α − 2, zero at
     * α = 2/(1 + 2ξ) = 1 for ξ = 1/2. The first-order gradient is w − 2 = α − 2, zero at α = 2.
     */
    private static ToyProblem toy(NDManager m, double w0, double a0) {
        NDArray w = m.create(new double[] {w0});
        NDArray a = m.create(new double[] {a0});
        return new ToyProblem(m, List.of(w), List.of(a),
                (ws, as) -> ws.get(0).mul(ws.get(0)).sub(as.get(0).mul(ws.get(0)).mul(2)).add(as.get(0).mul(as.get(0))).sum(),
                (ws, as) -> as.get(0).mul(ws.get(0)).sub(as.get(0).mul(2)).add(1).sum());
    }

    private static double value(NDArray a) {
        return a.toDoubleArray()[0];
    }

    @Test
    void secondOrderGradientOfTheToyProblemIsTheUnrolledTotalDerivative() {
        try (NDManager m = NDManager.newBaseManager()) {
            ToyProblem p = toy(m, 0.3, 1.7);
            p.lr = 0.5;
            DARTSOptim darts = new DARTSOptim(0.01, 0.5, 0.999, 0, false);
            double w = 0.3;
            double a = 1.7;
            double wPrime = w - 0.5 * (2 * w - 2 * a);
            try (NDManager scope = m.newSubManager()) {
                double g = value(darts.gradient(p, scope).get(0));
                assertEquals(wPrime - 2 + 2 * 0.5 * a, g, 1e-9);
            }
            assertEquals(0.3, value(p.weights().get(0)), 1e-15, "the virtual step leaves the weights as they were");
        }
    }

    @Test
    void secondOrderSettlesAtTheBilevelOptimumAndFirstOrderElsewhere() {
        assertEquals(1.0, settle(false), 0.03, "second order: alpha = 2 / (1 + 2 xi) = 1");
        assertEquals(2.0, settle(true), 0.03, "first order: alpha = 2");
    }

    /** Alternates arch steps and weight steps (learning rate 1/2) from (w, α) = (0, 0); returns α. */
    private static double settle(boolean firstOrder) {
        try (NDManager m = NDManager.newBaseManager()) {
            ToyProblem p = toy(m, 0, 0);
            p.lr = 0.5;
            DARTSOptim darts = new DARTSOptim(0.02, 0.5, 0.999, 0, firstOrder);
            NDArray w = p.weights().get(0);
            NDArray a = p.alphas().get(0);
            for (int i = 0; i < 1500; i++) {
                darts.step(p);
                // weight step on L_train: w -= 0.5 * (2w - 2α), i.e. w = α
                Gradients.assign(w, new double[] {value(a)});
            }
            return value(a);
        }
    }

    /**
     * On a small non-quadratic problem (three tanh candidates mixed by softmax(α), squared error, with
     * momentum and weight decay in the virtual step) the second-order gradient agrees with central
     * differences of F(α) = L_val(w − ξ(μm + ∇w L_train(w, α) + λw), α) to the accuracy the finite-
     * difference Hessian allows, while the first-order gradient — which is also what the original's
     * ε/2 scaling of the Hessian term amounts to (it shrinks the term by 4ε² ≈ 1e-4 / ‖v‖²) — does not.
     */
    @Test
    void secondOrderGradientMatchesFiniteDifferencesThroughOneUnrolledStep() {
        try (NDManager m = NDManager.newBaseManager()) {
            m.getEngine().setRandomSeed(3);
            NDArray xTrain = m.randomNormal(new Shape(6, 2)).toType(DataType.FLOAT64, false);
            NDArray tTrain = m.randomNormal(new Shape(6)).toType(DataType.FLOAT64, false);
            NDArray xValid = m.randomNormal(new Shape(6, 2)).toType(DataType.FLOAT64, false);
            NDArray tValid = m.randomNormal(new Shape(6)).toType(DataType.FLOAT64, false);
            NDArray w = m.randomNormal(new Shape(3, 2)).toType(DataType.FLOAT64, false);
            NDArray a = m.create(new double[] {0.2, -0.4, 0.1});
            NDArray buf = m.randomNormal(new Shape(3, 2)).toType(DataType.FLOAT64, false).mul(0.1);
            ToyProblem p = new ToyProblem(m, List.of(w), List.of(a),
                    (ws, as) -> mse(xTrain, tTrain, ws.get(0), as.get(0)),
                    (ws, as) -> mse(xValid, tValid, ws.get(0), as.get(0)));
            p.lr = 0.3;
            p.momentum = 0.9;
            p.weightDecay = 3e-4;
            p.buffers = List.of(buf);
            double[] darts;
            double[] first;
            try (NDManager scope = m.newSubManager()) {
                darts = darts(p, false, scope);
                first = darts(p, true, scope);
            }
            double h = 1e-5;
            double[] alpha = a.toDoubleArray();
            double maxDiffDarts = 0;
            double maxDiffFirst = 0;
            for (int i = 0; i < alpha.length; i++) {
                double[] up = alpha.clone();
                up[i] += h;
                double[] down = alpha.clone();
                down[i] -= h;
                double fd = (unrolled(p, xTrain, tTrain, xValid, tValid, up) - unrolled(p, xTrain, tTrain, xValid, tValid, down))
                        / (2 * h);
                maxDiffDarts = Math.max(maxDiffDarts, Math.abs(darts[i] - fd));
                maxDiffFirst = Math.max(maxDiffFirst, Math.abs(first[i] - fd));
            }
            assertTrue(maxDiffDarts < 1e-4, "second order vs finite differences: " + maxDiffDarts);
            assertTrue(maxDiffFirst > 100 * maxDiffDarts, "the Hessian term matters here: first order misses by " + maxDiffFirst);
        }
    }

    private static double[] darts(ToyProblem p, boolean firstOrder, NDManager scope) {
        return new DARTSOptim(1e-3, 0.5, 0.999, 0, firstOrder).gradient(p, scope).get(0).toDoubleArray();
    }

    /** Mean squared error of Σ_k softmax(α)_k tanh(x·w_k) against t. */
    private static NDArray mse(NDArray x, NDArray t, NDArray w, NDArray a) {
        NDArray o = x.matMul(w.transpose()).tanh();
        NDArray y = o.mul(a.softmax(0)).sum(new int[] {1});
        NDArray e = y.sub(t);
        return e.mul(e).mean();
    }

    /** F(α): the validation loss after one virtual weight step taken at α. */
    private static double unrolled(ToyProblem p, NDArray xTrain, NDArray tTrain, NDArray xValid, NDArray tValid, double[] alpha) {
        NDManager m = p.manager();
        try (NDManager scope = m.newSubManager()) {
            NDArray w = p.weights().get(0).duplicate();
            w.attach(scope);
            w.setRequiresGradient(true);
            NDArray a = scope.create(alpha);
            Autograd.record(true);
            NDArray loss = mse(xTrain, tTrain, w, a);
            Autograd.record(false);
            Autograd.backward(loss);
            NDArray g = Autograd.gradient(w, scope).duplicate();
            NDArray d = g.add(w.mul(p.weightDecay)).add(p.buffers.get(0).mul(p.momentum));
            NDArray wPrime = w.sub(d.mul(p.lr));
            return mse(xValid, tValid, wPrime, a).getDouble();
        }
    }
}
