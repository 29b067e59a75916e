package org.modnas.core.schedule;

import java.util.ArrayList;
import java.util.List;
import org.modnas.core.util.Rng;

/**
 * Hyperband (Li et al. 2017): brackets s = 0..s_max, s_max = ⌊log_η(r_max/r_min)⌋; bracket s is a
 * successive-halving run whose bottom rung is {@code r_max·η^(−s)}, sized for
 * {@code n_s = ⌈(s_max + 1)·η^s / (s + 1)⌉} trials. A trial's bracket follows from the seed and its
 * proposal number alone, drawn in proportion to the brackets' sizes.
 */
public final class Hyperband {
    private final List<SuccessiveHalving> brackets = new ArrayList<>();
    private final int[] sizes;
    private final long seed;

    public Hyperband(double minResource, double maxResource, int reductionFactor, long seed) {
        new Rungs(minResource, maxResource, reductionFactor, 0); // checks the arguments
        int sMax = (int) Math.floor(Math.log(maxResource / minResource) / Math.log(reductionFactor) + 1e-9);
        this.sizes = new int[sMax + 1];
        for (int s = 0; s <= sMax; s++) {
            double bottom = maxResource / Math.pow(reductionFactor, s);
            brackets.add(new SuccessiveHalving(new Rungs(bottom, maxResource, reductionFactor, 0)));
            sizes[s] = (int) Math.ceil((sMax + 1) * Math.pow(reductionFactor, s) / (s + 1) - 1e-9);
        }
        this.seed = seed;
    }

    /** The number of brackets, s_max + 1. */
    public int bracketCount() {
        return brackets.size();
    }

    /** n_s: the trials bracket {@code s} is sized for. */
    public int size(int s) {
        return sizes[s];
    }

    /** Bracket {@code s}'s successive halving. */
    public SuccessiveHalving bracket(int s) {
        return brackets.get(s);
    }

    /** The bracket of the trial proposed {@code seq}-th: a draw in proportion to the sizes, from the seed and seq only. */
    public int bracketOf(long seq) {
        long total = 0;
        for (int n : sizes) {
            total += n;
        }
        long u = new Rng(seed * 0x9E3779B97F4A7C15L ^ seq).nextLong(total);
        for (int s = 0; s < sizes.length; s++) {
            if (u < sizes[s]) {
                return s;
            }
            u -= sizes[s];
        }
        return sizes.length - 1;
    }
}
