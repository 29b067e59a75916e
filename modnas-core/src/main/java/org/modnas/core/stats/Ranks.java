package org.modnas.core.stats;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Rank statistics: Spearman's ρ and Kendall's τ-b between two paired samples (how well one figure
 * orders candidates as another does, ties shared), and the Mann-Whitney U test between two samples
 * (how often one search's result beats another's, and whether by chance).
 */
public final class Ranks {
    private Ranks() {
    }

    /** The ranks of {@code x}, 1 for the smallest; tied values share the mean of their ranks. */
    public static double[] ranks(double[] x) {
        Integer[] order = IntStream.range(0, x.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble(i -> x[i]));
        double[] r = new double[x.length];
        for (int i = 0; i < order.length; ) {
            int j = i;
            while (j + 1 < order.length && x[order[j + 1]] == x[order[i]]) {
                j++;
            }
            double mean = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                r[order[k]] = mean;
            }
            i = j + 1;
        }
        return r;
    }

    /** Spearman's ρ: Pearson's correlation of the ranks (ties averaged); NaN when either side is constant. */
    public static double spearman(double[] x, double[] y) {
        requirePaired(x, y);
        return pearson(ranks(x), ranks(y));
    }

    /** Pearson's correlation; NaN when either side is constant. */
    public static double pearson(double[] x, double[] y) {
        requirePaired(x, y);
        double mx = Arrays.stream(x).average().orElse(Double.NaN);
        double my = Arrays.stream(y).average().orElse(Double.NaN);
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxx == 0 || syy == 0 ? Double.NaN : sxy / Math.sqrt(sxx * syy);
    }

    /**
     * Kendall's τ-b: (concordant − discordant) pairs over the pairs not tied on each side,
     * {@code (C − D) / sqrt((n0 − n1)(n0 − n2))}; NaN when either side is constant. O(n²), for the
     * hundreds of candidates of a ground truth.
     */
    public static double kendall(double[] x, double[] y) {
        requirePaired(x, y);
        long concordant = 0;
        long discordant = 0;
        long tiedX = 0;
        long tiedY = 0;
        for (int i = 0; i < x.length; i++) {
            for (int j = i + 1; j < x.length; j++) {
                double dx = Math.signum(x[i] - x[j]);
                double dy = Math.signum(y[i] - y[j]);
                if (dx == 0 && dy == 0) {
                    tiedX++;
                    tiedY++;
                } else if (dx == 0) {
                    tiedX++;
                } else if (dy == 0) {
                    tiedY++;
                } else if (dx == dy) {
                    concordant++;
                } else {
                    discordant++;
                }
            }
        }
        long n0 = (long) x.length * (x.length - 1) / 2;
        double denominator = Math.sqrt((double) (n0 - tiedX) * (n0 - tiedY));
        return denominator == 0 ? Double.NaN : (concordant - discordant) / denominator;
    }

    /**
     * The Mann-Whitney U test of {@code a} against {@code b}.
     *
     * @param probabilityAGreater the probability that a value drawn from {@code a} exceeds one drawn
     *                            from {@code b}, ties counting half (U / (n·m))
     * @param pValue              two-sided, from the normal approximation with the tie correction
     */
    public record MannWhitney(double probabilityAGreater, double pValue) {
    }

    /** The Mann-Whitney U test of two samples (each of at least one value). */
    public static MannWhitney mannWhitney(double[] a, double[] b) {
        if (a.length == 0 || b.length == 0) {
            throw new IllegalArgumentException("the Mann-Whitney test needs two non-empty samples");
        }
        double[] all = new double[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        double[] r = ranks(all);
        double rankSumA = 0;
        for (int i = 0; i < a.length; i++) {
            rankSumA += r[i];
        }
        double n = a.length;
        double m = b.length;
        double u = rankSumA - n * (n + 1) / 2;
        double tieTerm = 0;
        double[] sorted = all.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < sorted.length; ) {
            int j = i;
            while (j + 1 < sorted.length && sorted[j + 1] == sorted[i]) {
                j++;
            }
            double t = j - i + 1;
            tieTerm += t * t * t - t;
            i = j + 1;
        }
        double total = n + m;
        double variance = n * m / 12 * ((total + 1) - tieTerm / (total * (total - 1)));
        double z = variance <= 0 ? 0 : (u - n * m / 2) / Math.sqrt(variance);
        return new MannWhitney(u / (n * m), 2 * (1 - normalCdf(Math.abs(z))));
    }

    /** The standard normal distribution function (Abramowitz and Stegun 26.2.17, error below 7.5e-8). */
    public static double normalCdf(double z) {
        double t = 1 / (1 + 0.2316419 * Math.abs(z));
        double poly = t * (0.319381530 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
        double tail = Math.exp(-z * z / 2) / Math.sqrt(2 * Math.PI) * poly;
        return z >= 0 ? 1 - tail : tail;
    }

    private static void requirePaired(double[] x, double[] y) {
        if (x.length != y.length || x.length < 2) {
            throw new IllegalArgumentException("a rank correlation needs two samples of the same length, at least 2; got "
                    + x.length + " and " + y.length);
        }
    }
}
