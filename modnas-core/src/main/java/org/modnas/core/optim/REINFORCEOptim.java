package org.modnas.core.optim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.modnas.core.arch.ArchSpace;

/**
 * Policy-gradient search ({@code REINFORCEOptim}): one softmax policy over the choices of
 * each param, logits starting at 0 (uniform).
 * <ul>
 * <li>Proposals are sampled from the policy; a sample already visited is redrawn up to
 * {@value #MAX_TRIES} times, then the proposal is uniform over unvisited points.</li>
 * <li>Each successful result is buffered as (point evaluated, reward = score). Every
 * {@code batch_size} results, in whatever order they arrived, the logits take one Adam step on
 * {@code -mean((r - b) * log pi(x)) - entropy_weight * H(pi)}, where {@code x} is exactly the
 * point evaluated (the original rewarded a path resampled at each forward; this one does not).</li>
 * <li>The baseline {@code b} is the first batch's mean reward, then a moving average
 * {@code b <- baseline_decay * b + (1 - baseline_decay) * batch mean}, updated after each step.</li>
 * <li>A failed result (NaN) marks its point visited but is not a reward: a failure says nothing
 * about the score scale, and a made-up reward would bias the policy either way.</li>
 * <li>{@link Proposal#generation()} is the number of policy updates made before the proposal.</li>
 * </ul>
 * Defaults: {@code lr = 0.1}, {@code beta1 = 0.9}, {@code beta2 = 0.999}, {@code batch_size = 10},
 * {@code baseline_decay = 0.99}, {@code entropy_weight = 0}. The original trained α of a supernet
 * with Adam lr 3e-4, betas (0.5, 0.999), weight decay 1e-3; on an independent policy that rate
 * does not move within a search's budget of a few hundred candidates, so lr 0.1 is the default here.
 */
public final class REINFORCEOptim extends AbstractDiscreteOptimizer {
    public static final String NAME = "REINFORCEOptim";
    static final int MAX_TRIES = 32;
    private static final double ADAM_EPS = 1e-8;

    /**
     * The options of the policy-gradient search.
     *
     * @param batchSize     results per policy update ({@code batch_size}, default 10)
     * @param lr            Adam learning rate ({@code lr}, default 0.1)
     * @param beta1         Adam first-moment decay ({@code beta1}, default 0.9)
     * @param beta2         Adam second-moment decay ({@code beta2}, default 0.999)
     * @param baselineDecay moving-average decay of the baseline ({@code baseline_decay}, default 0.99)
     * @param entropyWeight weight of the entropy bonus ({@code entropy_weight}, default 0)
     */
    public record Settings(int batchSize, double lr, double beta1, double beta2, double baselineDecay,
                           double entropyWeight) {
        public Settings {
            if (batchSize < 1) {
                throw new IllegalArgumentException("batch_size must be >= 1, got " + batchSize);
            }
            if (!(lr > 0) || Double.isInfinite(lr)) {
                throw new IllegalArgumentException("lr must be a positive number, got " + lr);
            }
            if (!(beta1 >= 0 && beta1 < 1)) {
                throw new IllegalArgumentException("beta1 must be in [0, 1), got " + beta1);
            }
            if (!(beta2 >= 0 && beta2 < 1)) {
                throw new IllegalArgumentException("beta2 must be in [0, 1), got " + beta2);
            }
            if (!(baselineDecay >= 0 && baselineDecay <= 1)) {
                throw new IllegalArgumentException("baseline_decay must be in [0, 1], got " + baselineDecay);
            }
            if (!(entropyWeight >= 0) || Double.isInfinite(entropyWeight)) {
                throw new IllegalArgumentException("entropy_weight must be a finite number >= 0, got " + entropyWeight);
            }
        }

        public static Settings defaults() {
            return new Settings(10, 0.1, 0.9, 0.999, 0.99, 0.0);
        }
    }

    private final Settings settings;
    private final double[][] logits;
    private final double[][] m;
    private final double[][] v;
    private final double[][] probs;
    private long steps;
    private double baseline = Double.NaN;
    private final List<int[]> batchPoints = new ArrayList<>();
    private final List<Double> batchRewards = new ArrayList<>();

    public REINFORCEOptim(ArchSpace space, long seed) {
        this(space, Settings.defaults(), seed);
    }

    public REINFORCEOptim(ArchSpace space, Settings settings, long seed) {
        super(space, seed);
        this.settings = settings;
        int d = space.dimension();
        logits = new double[d][];
        m = new double[d][];
        v = new double[d][];
        probs = new double[d][];
        for (int i = 0; i < d; i++) {
            logits[i] = new double[radix(i)];
            m[i] = new double[radix(i)];
            v[i] = new double[radix(i)];
            probs[i] = new double[radix(i)];
        }
        refreshProbs();
    }

    @Override
    public String typeName() {
        return NAME;
    }

    public Settings settings() {
        return settings;
    }

    /** The current policy: choice probabilities per param (a copy). */
    public double[][] probabilities() {
        double[][] out = new double[probs.length][];
        for (int i = 0; i < probs.length; i++) {
            out[i] = probs[i].clone();
        }
        return out;
    }

    @Override
    protected ObjectNode options() {
        ObjectNode o = JSON.objectNode();
        o.put("batch_size", settings.batchSize());
        o.put("lr", settings.lr());
        o.put("beta1", settings.beta1());
        o.put("beta2", settings.beta2());
        o.put("baseline_decay", settings.baselineDecay());
        o.put("entropy_weight", settings.entropyWeight());
        return o;
    }

    @Override
    protected List<Proposal> proposeNew(int n) {
        List<Proposal> out = new ArrayList<>(Math.min(n, 64));
        int generation = (int) Math.min(Integer.MAX_VALUE, steps);
        for (int i = 0; i < n; i++) {
            int[] p = null;
            for (int t = 0; t < MAX_TRIES && p == null; t++) {
                int[] s = samplePolicy();
                if (visited.add(s)) {
                    p = s;
                }
            }
            if (p == null) {
                p = takeRandomUnvisited();
                if (p == null) {
                    break;
                }
            }
            out.add(proposal(p, generation));
        }
        return out;
    }

    private int[] samplePolicy() {
        int[] p = new int[probs.length];
        for (int i = 0; i < p.length; i++) {
            double[] pr = probs[i];
            double u = rng.nextDouble();
            int k = 0;
            double acc = pr[0];
            while (u >= acc && k < pr.length - 1) {
                acc += pr[++k];
            }
            p[i] = k;
        }
        return p;
    }

    @Override
    protected void onResult(int[] point, double score) {
        if (Double.isNaN(score)) {
            return;
        }
        batchPoints.add(point);
        batchRewards.add(score);
        if (batchPoints.size() >= settings.batchSize()) {
            update();
        }
    }

    private void update() {
        int n = batchPoints.size();
        double mean = 0;
        for (double r : batchRewards) {
            mean += r;
        }
        mean /= n;
        if (Double.isNaN(baseline)) {
            baseline = mean;
        }
        double w = settings.entropyWeight();
        steps++;
        double b1 = settings.beta1();
        double b2 = settings.beta2();
        double c1 = 1 - Math.pow(b1, steps);
        double c2 = 1 - Math.pow(b2, steps);
        double[] grad = new double[0];
        for (int i = 0; i < logits.length; i++) {
            double[] pr = probs[i];
            if (grad.length < pr.length) {
                grad = new double[pr.length];
            }
            // d/dz of -mean(A * log pi(x)) = -mean(A * (onehot(x) - p))
            double sumA = 0;
            for (int j = 0; j < pr.length; j++) {
                grad[j] = 0;
            }
            for (int s = 0; s < n; s++) {
                double a = (batchRewards.get(s) - baseline) / n;
                grad[batchPoints.get(s)[i]] -= a;
                sumA += a;
            }
            double entropy = 0;
            if (w > 0) {
                for (double p : pr) {
                    if (p > 0) {
                        entropy -= p * Math.log(p);
                    }
                }
            }
            for (int j = 0; j < pr.length; j++) {
                double g = grad[j] + sumA * pr[j];
                if (w > 0 && pr[j] > 0) {
                    // d/dz_j of -w * H = w * p_j * (log p_j + H)
                    g += w * pr[j] * (Math.log(pr[j]) + entropy);
                }
                m[i][j] = b1 * m[i][j] + (1 - b1) * g;
                v[i][j] = b2 * v[i][j] + (1 - b2) * g * g;
                logits[i][j] -= settings.lr() * (m[i][j] / c1) / (Math.sqrt(v[i][j] / c2) + ADAM_EPS);
            }
        }
        baseline = settings.baselineDecay() * baseline + (1 - settings.baselineDecay()) * mean;
        batchPoints.clear();
        batchRewards.clear();
        refreshProbs();
    }

    private void refreshProbs() {
        for (int i = 0; i < logits.length; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (double z : logits[i]) {
                max = Math.max(max, z);
            }
            double sum = 0;
            for (int j = 0; j < logits[i].length; j++) {
                probs[i][j] = Math.exp(logits[i][j] - max);
                sum += probs[i][j];
            }
            for (int j = 0; j < logits[i].length; j++) {
                probs[i][j] /= sum;
            }
        }
    }

    @Override
    protected void writeState(ObjectNode node) {
        node.put("steps", steps);
        putDouble(node, "baseline", baseline);
        node.set("logits", matrix(logits));
        node.set("adam_m", matrix(m));
        node.set("adam_v", matrix(v));
        ArrayNode batch = node.putArray("batch");
        for (int s = 0; s < batchPoints.size(); s++) {
            ObjectNode o = batch.addObject();
            o.set("point", pointJson(batchPoints.get(s)));
            o.put("reward", batchRewards.get(s));
        }
    }

    private static ArrayNode matrix(double[][] a) {
        ArrayNode out = JSON.arrayNode();
        for (double[] row : a) {
            ArrayNode r = out.addArray();
            for (double x : row) {
                r.add(x);
            }
        }
        return out;
    }

    private void readMatrix(ObjectNode node, String field, double[][] into) {
        ArrayNode a = requireArray(node, field);
        if (a.size() != into.length) {
            throw new IllegalArgumentException("optimizer snapshot: '" + field + "' has " + a.size() + " rows, the space has "
                    + into.length + " params");
        }
        for (int i = 0; i < into.length; i++) {
            JsonNode r = a.get(i);
            if (!r.isArray() || r.size() != into[i].length) {
                throw new IllegalArgumentException("optimizer snapshot: '" + field + "' row " + i + " must hold "
                        + into[i].length + " numbers, got " + r);
            }
            for (int j = 0; j < into[i].length; j++) {
                if (!r.get(j).isNumber()) {
                    throw new IllegalArgumentException("optimizer snapshot: '" + field + "' row " + i + " holds a non-number "
                            + r.get(j));
                }
                into[i][j] = r.get(j).doubleValue();
            }
        }
    }

    @Override
    protected void readState(ObjectNode node) {
        steps = requireLong(node, "steps");
        baseline = requireDouble(node, "baseline");
        readMatrix(node, "logits", logits);
        readMatrix(node, "adam_m", m);
        readMatrix(node, "adam_v", v);
        batchPoints.clear();
        batchRewards.clear();
        for (JsonNode o : requireArray(node, "batch")) {
            batchPoints.add(readPoint(o.get("point"), "a batch entry"));
            batchRewards.add(requireDouble(o, "reward"));
        }
        refreshProbs();
    }
}
