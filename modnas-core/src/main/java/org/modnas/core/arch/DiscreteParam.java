package org.modnas.core.arch;

import java.util.List;

/** A param with a finite, ordered list of values; index {@code i} means {@code values().get(i)}. */
public interface DiscreteParam extends Param {
    /** The allowed values, in order (JSON scalars: String, Long, Double or Boolean). */
    List<Object> values();

    default int size() {
        return values().size();
    }

    default Object valueAt(int index) {
        return values().get(index);
    }

    /** The index of {@code value}, or -1 when it is not an allowed value. */
    int indexOf(Object value);
}
