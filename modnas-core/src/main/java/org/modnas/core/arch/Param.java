package org.modnas.core.arch;

/**
 * A named architecture variable. Names are unique within an {@link ArchSpace}.
 * Discrete params ({@link DiscreteParam}) have a finite list of values; continuous ones (a numeric
 * range over doubles, or a tensor α of a mixed op) do not.
 */
public interface Param {
    /** The unique, stable name of this param within its space. */
    String name();

    /** A short word for messages and snapshots: {@code categorical}, {@code numeric}, {@code tensor}. */
    String kind();

    /**
     * Checks that {@code value} is an allowed value and returns it in canonical form (e.g. an
     * integer number as {@link Long}); throws {@link IllegalArgumentException} naming the problem.
     */
    Object canonicalValue(Object value);
}
