package org.modnas.core.objective;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The Pareto front over chosen metrics ("the Pareto front over the chosen metrics is
 * always kept and reported"). A row dominates another when it is at least as good in every
 * criterion and better in one; rows with identical values do not dominate each other, so ties all
 * stay on the front. Rows lacking a criterion's metric (missing, NaN or infinite) are left out.
 */
public final class ParetoFront {
    private ParetoFront() {
    }

    /**
     * One criterion.
     *
     * @param metric   the metric's name
     * @param maximize true when higher is better
     */
    public record Criterion(String metric, boolean maximize) {
        public Criterion {
            Objects.requireNonNull(metric, "metric");
        }

        public static Criterion max(String metric) {
            return new Criterion(metric, true);
        }

        public static Criterion min(String metric) {
            return new Criterion(metric, false);
        }
    }

    /** The indices of the non-dominated rows, ascending. */
    public static List<Integer> indices(List<? extends Map<String, Double>> rows, List<Criterion> criteria) {
        if (criteria == null || criteria.isEmpty()) {
            throw new IllegalArgumentException("a Pareto front needs at least one criterion");
        }
        int k = criteria.size();
        List<double[]> vals = new ArrayList<>();
        List<Integer> idx = new ArrayList<>();
        for (int r = 0; r < rows.size(); r++) {
            double[] v = new double[k];
            boolean ok = rows.get(r) != null;
            for (int c = 0; c < k && ok; c++) {
                double x = Objective.value(rows.get(r), criteria.get(c).metric());
                ok = !Double.isNaN(x);
                v[c] = criteria.get(c).maximize() ? x : -x; // larger is better from here on
            }
            if (ok) {
                vals.add(v);
                idx.add(r);
            }
        }
        // in descending lexicographic order a row can only be dominated by rows before it, and then
        // by one already on the front
        Integer[] order = new Integer[vals.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> {
            double[] x = vals.get(a);
            double[] y = vals.get(b);
            for (int c = 0; c < k; c++) {
                int cmp = Double.compare(y[c], x[c]);
                if (cmp != 0) {
                    return cmp;
                }
            }
            return Integer.compare(a, b);
        });
        List<Integer> out = new ArrayList<>();
        if (k == 2) {
            // two criteria: one sweep. A row is dominated by an earlier one of a larger first value whose
            // second is at least its own, or by one of the same first value and a larger second
            boolean seen = false;
            double bestBefore = 0;
            for (int i = 0; i < order.length; ) {
                int j = i;
                double first = vals.get(order[i])[0];
                double top = vals.get(order[i])[1];
                while (j < order.length && vals.get(order[j])[0] == first) {
                    double second = vals.get(order[j])[1];
                    if ((!seen || second > bestBefore) && !(second < top)) {
                        out.add(idx.get(order[j]));
                    }
                    j++;
                }
                bestBefore = seen ? Math.max(bestBefore, top) : top;
                seen = true;
                i = j;
            }
            Collections.sort(out);
            return out;
        }
        List<double[]> front = new ArrayList<>();
        for (Integer o : order) {
            double[] v = vals.get(o);
            boolean dominated = false;
            for (double[] f : front) {
                if (dominates(f, v)) {
                    dominated = true;
                    break;
                }
            }
            if (!dominated) {
                front.add(v);
                out.add(idx.get(o));
            }
        }
        Collections.sort(out);
        return out;
    }

    /** True when {@code a} is at least as good as {@code b} everywhere and better somewhere (larger is better). */
    static boolean dominates(double[] a, double[] b) {
        boolean better = false;
        for (int c = 0; c < a.length; c++) {
            if (a[c] < b[c]) {
                return false;
            }
            better |= a[c] > b[c];
        }
        return better;
    }
}
