package org.modnas.core.schedule;

import java.util.ArrayList;
import java.util.List;

/**
 * The rungs of a multi-fidelity schedule: resource {@code r_k = r_min·η^(k+s)} for k = 0, 1, ...
 * while below {@code r_max}, then {@code r_max} itself as the last rung (the full training).
 *
 * @param minResource       r_min, the resource of the bottom rung before the early-stopping rate
 * @param maxResource       r_max, the resource of the last rung
 * @param reductionFactor   η: one in η trials of a rung goes on to the next
 * @param earlyStoppingRate s: the bottom rung is r_min·η^s
 */
public record Rungs(double minResource, double maxResource, int reductionFactor, int earlyStoppingRate) {
    public Rungs {
        if (!(minResource > 0) || !(maxResource >= minResource) || reductionFactor < 2 || earlyStoppingRate < 0) {
            throw new IllegalArgumentException("rungs need 0 < min_resource <= max_resource, reduction_factor >= 2 and "
                    + "early_stopping_rate >= 0; got min_resource = " + minResource + ", max_resource = " + maxResource
                    + ", reduction_factor = " + reductionFactor + ", early_stopping_rate = " + earlyStoppingRate);
        }
    }

    /** The resource of every rung, bottom first, the last one {@code r_max}. */
    public List<Double> resources() {
        List<Double> out = new ArrayList<>();
        double r = minResource * Math.pow(reductionFactor, earlyStoppingRate);
        // a relative tolerance, so r_min·η^k equal to r_max in exact arithmetic is not counted twice
        while (r < maxResource * (1 - 1e-9)) {
            out.add(r);
            r *= reductionFactor;
        }
        out.add(maxResource);
        return out;
    }

    /** How many rungs there are. */
    public int count() {
        return resources().size();
    }

    /** The resource of rung {@code k}. */
    public double resource(int k) {
        return resources().get(k);
    }

    /** How many of {@code n} values of a rung go on to the next: ⌊n/η⌋, at least 1. */
    public int promotable(int n) {
        return Math.max(1, n / reductionFactor);
    }
}
