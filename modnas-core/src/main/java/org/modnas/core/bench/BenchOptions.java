package org.modnas.core.bench;

import java.util.List;
import java.util.Map;

/**
 * The {@code key=value} options of one benchmark: unknown keys and values that are not
 * whole numbers in range are rejected with a message naming the benchmark and the option.
 */
public final class BenchOptions {
    private final String bench;
    private final Map<String, String> values;

    /** Checks that every given key is one of {@code known}. */
    public BenchOptions(String bench, Map<String, String> values, List<String> known) {
        this.bench = bench;
        this.values = values;
        for (String k : values.keySet()) {
            if (!known.contains(k)) {
                throw new IllegalArgumentException("bench " + bench + " has no option '" + k + "'; its options: "
                        + String.join(", ", known));
            }
        }
    }

    /** A whole number > 0, or {@code dflt} when not given. */
    public int positive(String key, int dflt) {
        return atLeast(key, dflt, 1, "a positive integer");
    }

    /** A whole number >= 0, or {@code dflt} when not given. */
    public int nonNegative(String key, int dflt) {
        return atLeast(key, dflt, 0, "a non-negative integer");
    }

    /** The text of an option, or null when not given. */
    public String text(String key) {
        return values.get(key);
    }

    private int atLeast(String key, int dflt, int min, String what) {
        String v = values.get(key);
        if (v == null) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v.strip());
            if (n >= min) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("bench " + bench + ": " + key + " must be " + what + ", got '" + v + "'");
    }
}
