package org.modnas.core.arch;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A param choosing one of a list of values: primitive names such as {@code "MB3E6"},
 * or numbers such as a stage depth. Values are JSON scalars.
 */
public final class Categorical implements DiscreteParam {
    private final String name;
    private final List<Object> values;
    private final Map<Object, Integer> index;

    public Categorical(String name, List<?> choices) {
        this.name = ArchNames.requireValid(name);
        Objects.requireNonNull(choices, "choices");
        if (choices.isEmpty()) {
            throw new IllegalArgumentException("categorical param '" + name + "' has no choices");
        }
        List<Object> vs = new ArrayList<>(choices.size());
        Map<Object, Integer> idx = new HashMap<>();
        for (Object c : choices) {
            Object v = JsonScalars.canonical(c, "choice of param '" + name + "'");
            if (idx.putIfAbsent(v, vs.size()) != null) {
                throw new IllegalArgumentException(
                        "categorical param '" + name + "' lists choice " + JsonScalars.show(v) + " twice");
            }
            vs.add(v);
        }
        this.values = Collections.unmodifiableList(vs);
        this.index = idx;
    }

    public static Categorical of(String name, Object... choices) {
        return new Categorical(name, List.of(choices));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String kind() {
        return "categorical";
    }

    @Override
    public List<Object> values() {
        return values;
    }

    @Override
    public int indexOf(Object value) {
        if (value == null) {
            return -1;
        }
        Object v;
        try {
            v = JsonScalars.canonical(value, "value");
        } catch (IllegalArgumentException e) {
            return -1;
        }
        Integer i = index.get(v);
        return i == null ? -1 : i;
    }

    @Override
    public Object canonicalValue(Object value) {
        int i = indexOf(value);
        if (i < 0) {
            throw new IllegalArgumentException("unknown choice " + JsonScalars.show(value)
                    + " for param '" + name + "'; choices are " + JsonScalars.showAll(values));
        }
        return values.get(i);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Categorical c && c.name.equals(name) && c.values.equals(values);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + values.hashCode();
    }

    @Override
    public String toString() {
        return "Categorical(" + name + ", " + JsonScalars.showAll(values) + ")";
    }
}
