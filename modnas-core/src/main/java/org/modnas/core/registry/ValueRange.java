package org.modnas.core.registry;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The values a numeric setting may take, written as a user reads it: {@code "> 0"}, {@code ">= 1"},
 * {@code "<= 1"}, or an interval {@code "(0, 1]"}, {@code "[0, 1)"}. Config validation refuses a
 * number outside it before anything runs.
 *
 * @param low           the lower bound, or negative infinity
 * @param lowInclusive  whether {@code low} itself is allowed
 * @param high          the upper bound, or positive infinity
 * @param highInclusive whether {@code high} itself is allowed
 * @param text          the range as written
 */
public record ValueRange(double low, boolean lowInclusive, double high, boolean highInclusive, String text) {
    private static final Pattern BOUND = Pattern.compile("\\s*(>=|>|<=|<)\\s*(\\S+)\\s*");
    private static final Pattern INTERVAL = Pattern.compile("\\s*([\\[(])\\s*(\\S+)\\s*,\\s*(\\S+)\\s*([])])\\s*");

    /** Parses {@code "> 0"}, {@code ">= 1"}, {@code "< 1"}, {@code "<= 1"} or {@code "(0, 1]"}-style intervals. */
    public static ValueRange parse(String text) {
        Matcher b = BOUND.matcher(text);
        if (b.matches()) {
            double v = Double.parseDouble(b.group(2));
            return switch (b.group(1)) {
                case ">" -> new ValueRange(v, false, Double.POSITIVE_INFINITY, false, text.strip());
                case ">=" -> new ValueRange(v, true, Double.POSITIVE_INFINITY, false, text.strip());
                case "<" -> new ValueRange(Double.NEGATIVE_INFINITY, false, v, false, text.strip());
                default -> new ValueRange(Double.NEGATIVE_INFINITY, false, v, true, text.strip());
            };
        }
        Matcher i = INTERVAL.matcher(text);
        if (i.matches()) {
            return new ValueRange(Double.parseDouble(i.group(2)), "[".equals(i.group(1)),
                    Double.parseDouble(i.group(3)), "]".equals(i.group(4)), text.strip());
        }
        throw new IllegalArgumentException("not a value range: '" + text + "' (expected e.g. '> 0', '>= 1' or '(0, 1]')");
    }

    /** True when {@code v} lies in the range; NaN never does. */
    public boolean contains(double v) {
        boolean aboveLow = lowInclusive ? v >= low : v > low;
        boolean belowHigh = highInclusive ? v <= high : v < high;
        return aboveLow && belowHigh;
    }

    /** {@code "must be > 0"} or {@code "must be in (0, 1]"}. */
    public String requirement() {
        return (text.startsWith("(") || text.startsWith("[") ? "must be in " : "must be ") + text;
    }

    /** A number as a message shows it: {@code 0}, {@code -1}, {@code 0.5}. */
    public static String show(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.format(Locale.ROOT, "%s", v);
    }
}
