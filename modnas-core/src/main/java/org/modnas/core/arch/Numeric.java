package org.modnas.core.arch;

import java.util.AbstractList;
import java.util.List;

/**
 * A param taking a number in the closed range [low, high]. An integer param (both bounds
 * integers) is discrete with {@code high - low + 1} values; a double param is continuous.
 */
public final class Numeric implements Param {
    private final String name;
    private final double low;
    private final double high;
    private final boolean integer;

    private Numeric(String name, double low, double high, boolean integer) {
        this.name = ArchNames.requireValid(name);
        if (!(low <= high) || Double.isInfinite(low) || Double.isInfinite(high)) {
            throw new IllegalArgumentException("numeric param '" + name + "' needs finite bounds with low <= high, got ["
                    + low + ", " + high + "]");
        }
        this.low = low;
        this.high = high;
        this.integer = integer;
    }

    /** An integer param over {@code low..high} inclusive. */
    public static Numeric ofInt(String name, long low, long high) {
        if (high - low >= Integer.MAX_VALUE) {
            throw new IllegalArgumentException("integer param '" + name + "' has too many values: [" + low + ", " + high + "]");
        }
        return new Numeric(name, low, high, true);
    }

    /** A continuous param over [low, high]. */
    public static Numeric ofDouble(String name, double low, double high) {
        return new Numeric(name, low, high, false);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String kind() {
        return "numeric";
    }

    public double low() {
        return low;
    }

    public double high() {
        return high;
    }

    public boolean isInteger() {
        return integer;
    }

    @Override
    public Object canonicalValue(Object value) {
        if (!(value instanceof Number n)) {
            throw new IllegalArgumentException("param '" + name + "' needs a number in [" + show(low) + ", " + show(high)
                    + "], got " + JsonScalars.show(value));
        }
        double d = n.doubleValue();
        if (integer && (d != Math.rint(d))) {
            throw new IllegalArgumentException("param '" + name + "' needs an integer, got " + JsonScalars.show(value));
        }
        if (!(d >= low && d <= high)) {
            throw new IllegalArgumentException("param '" + name + "' value " + JsonScalars.show(value) + " is outside ["
                    + show(low) + ", " + show(high) + "]");
        }
        return integer ? (Object) (long) d : (Object) d;
    }

    private String show(double d) {
        return integer ? Long.toString((long) d) : Double.toString(d);
    }

    /** This param as a discrete one; only for integer params. */
    public DiscreteParam asDiscrete() {
        if (!integer) {
            throw new IllegalStateException("param '" + name + "' is continuous");
        }
        Numeric self = this;
        long lo = (long) low;
        int n = (int) ((long) high - lo + 1);
        List<Object> vals = new AbstractList<>() {
            @Override
            public Object get(int i) {
                if (i < 0 || i >= n) {
                    throw new IndexOutOfBoundsException(i);
                }
                return lo + i;
            }

            @Override
            public int size() {
                return n;
            }
        };
        return new DiscreteParam() {
            @Override
            public List<Object> values() {
                return vals;
            }

            @Override
            public int indexOf(Object value) {
                try {
                    return (int) ((Long) self.canonicalValue(value) - lo);
                } catch (IllegalArgumentException e) {
                    return -1;
                }
            }

            @Override
            public String name() {
                return name;
            }

            @Override
            public String kind() {
                return "numeric";
            }

            @Override
            public Object canonicalValue(Object value) {
                return self.canonicalValue(value);
            }
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Numeric x && x.name.equals(name) && x.low == low && x.high == high && x.integer == integer;
    }

    @Override
    public int hashCode() {
        return name.hashCode() ^ Double.hashCode(low) ^ Double.hashCode(high) * 7;
    }

    @Override
    public String toString() {
        return "Numeric(" + name + ", [" + show(low) + ", " + show(high) + "]" + (integer ? ", int)" : ")");
    }
}
