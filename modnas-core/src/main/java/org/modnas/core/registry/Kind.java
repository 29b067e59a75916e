package org.modnas.core.registry;

import java.util.Objects;

/**
 * A kind of component (optimizer, estimator, exporter, model, constructor, ...) and the Java type
 * its factories produce. Kinds are compared by name.
 *
 * @param name the kind's name as used in messages, e.g. {@code optim}
 * @param type the type every component of this kind implements
 */
public record Kind<T>(String name, Class<T> type) {
    public Kind {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
    }

    public static <T> Kind<T> of(String name, Class<T> type) {
        return new Kind<>(name, type);
    }
}
