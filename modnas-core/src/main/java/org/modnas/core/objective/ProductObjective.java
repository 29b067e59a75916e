package org.modnas.core.objective;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The MnasNet / ProxylessNAS style product objective (the original's {@code ProdAgg}):
 * {@code score = m_main · Π (m_i / target_i)^(m_i > target_i ? beta_i : alpha_i)}. With
 * {@code alpha = beta = -0.07} a latency or size over its target is a soft penalty; {@code alpha = 0,
 * beta = -1} makes the target a near-hard constraint. A non-finite result is NaN.
 */
public final class ProductObjective implements Objective {
    /** MnasNet's exponent for a soft constraint. */
    public static final double MNASNET_EXPONENT = -0.07;

    /**
     * One factor.
     *
     * @param metric the constrained metric (latency_ms, macs, params...)
     * @param target its target, positive
     * @param alpha  exponent when the metric is at or under target
     * @param beta   exponent when the metric is over target
     */
    public record Term(String metric, double target, double alpha, double beta) {
        public Term {
            Objective.requireMetric(metric, "term metric");
            if (!Double.isFinite(target) || target <= 0) {
                throw new IllegalArgumentException("term '" + metric + "': target must be a finite positive number, got " + target);
            }
            if (!Double.isFinite(alpha)) {
                throw new IllegalArgumentException("term '" + metric + "': alpha must be a finite number, got " + alpha);
            }
            if (!Double.isFinite(beta)) {
                throw new IllegalArgumentException("term '" + metric + "': beta must be a finite number, got " + beta);
            }
        }

        /** A soft constraint with MnasNet's exponents. */
        public static Term soft(String metric, double target) {
            return new Term(metric, target, MNASNET_EXPONENT, MNASNET_EXPONENT);
        }
    }

    private final String metric;
    private final List<Term> terms;

    public ProductObjective(String metric, List<Term> terms) {
        this.metric = Objective.requireMetric(metric, "metric");
        this.terms = List.copyOf(terms == null ? List.of() : terms);
    }

    public String metric() {
        return metric;
    }

    public List<Term> terms() {
        return terms;
    }

    @Override
    public double score(Map<String, Double> metrics) {
        double s = Objective.value(metrics, metric);
        for (Term t : terms) {
            double v = Objective.value(metrics, t.metric());
            if (Double.isNaN(v)) {
                return Double.NaN;
            }
            s *= Math.pow(v / t.target(), v > t.target() ? t.beta() : t.alpha());
        }
        return Double.isFinite(s) ? s : Double.NaN;
    }

    @Override
    public List<String> metrics() {
        List<String> ms = new ArrayList<>();
        ms.add(metric);
        terms.forEach(t -> ms.add(t.metric()));
        return ms;
    }

    @Override
    public String toString() {
        return "ProductObjective(" + metric + ", " + terms + ")";
    }
}
