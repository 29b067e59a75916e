package org.modnas.core.arch;

import java.util.List;
import java.util.stream.Collectors;

/** Canonical forms of the JSON scalars that param values may be: String, Long, Double, Boolean. */
public final class JsonScalars {
    private JsonScalars() {
    }

    /**
     * The canonical form of a scalar: integral numbers become {@link Long}, other numbers
     * {@link Double}; strings and booleans stay. Anything else is rejected, naming {@code what}.
     */
    public static Object canonical(Object v, String what) {
        if (v instanceof String || v instanceof Boolean || v instanceof Long) {
            return v;
        }
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof Double || v instanceof Float || v instanceof java.math.BigDecimal) {
            double d = ((Number) v).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new IllegalArgumentException(what + " must be a finite number, got " + d);
            }
            if (d == Math.rint(d) && Math.abs(d) < 0x1p53) {
                return (long) d;
            }
            return d;
        }
        if (v instanceof java.math.BigInteger b) {
            return b.longValueExact();
        }
        throw new IllegalArgumentException(what + " must be a string, number or boolean, got "
                + (v == null ? "null" : v.getClass().getSimpleName() + " " + v));
    }

    /** A value as it would appear in JSON, for messages. */
    public static String show(Object v) {
        if (v instanceof String s) {
            return '"' + s + '"';
        }
        return String.valueOf(v);
    }

    public static String showAll(List<?> vs) {
        return vs.stream().map(JsonScalars::show).collect(Collectors.joining(", ", "[", "]"));
    }
}
