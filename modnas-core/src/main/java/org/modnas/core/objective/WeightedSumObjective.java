package org.modnas.core.objective;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A weighted sum of normalised metrics (the original's {@code SumAgg}):
 * {@code score = Σ weight_i · m_i / base_i}. A negative weight penalises a metric, e.g.
 * {@code [{metric = accuracy}, {metric = macs, weight = -0.1, base = 1e8}]}.
 */
public final class WeightedSumObjective implements Objective {
    /**
     * One term.
     *
     * @param metric the metric's name
     * @param weight its weight (negative to penalise)
     * @param base   the scale it is divided by, non-zero
     */
    public record Term(String metric, double weight, double base) {
        public Term {
            Objective.requireMetric(metric, "term metric");
            if (!Double.isFinite(weight)) {
                throw new IllegalArgumentException("term '" + metric + "': weight must be a finite number, got " + weight);
            }
            if (!Double.isFinite(base) || base == 0) {
                throw new IllegalArgumentException("term '" + metric + "': base must be a finite non-zero number, got " + base);
            }
        }
    }

    private final List<Term> terms;

    public WeightedSumObjective(List<Term> terms) {
        if (terms == null || terms.isEmpty()) {
            throw new IllegalArgumentException("WeightedSumObjective needs at least one term in 'terms'");
        }
        this.terms = List.copyOf(terms);
    }

    public List<Term> terms() {
        return terms;
    }

    @Override
    public double score(Map<String, Double> metrics) {
        double s = 0;
        for (Term t : terms) {
            double v = Objective.value(metrics, t.metric());
            if (Double.isNaN(v)) {
                return Double.NaN;
            }
            s += t.weight() * v / t.base();
        }
        return Double.isFinite(s) ? s : Double.NaN;
    }

    @Override
    public List<String> metrics() {
        List<String> ms = new ArrayList<>();
        terms.forEach(t -> ms.add(t.metric()));
        return ms;
    }

    @Override
    public String toString() {
        return "WeightedSumObjective" + terms;
    }
}
