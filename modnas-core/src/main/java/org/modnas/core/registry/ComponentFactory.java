package org.modnas.core.registry;

/** Creates one component from its arguments. */
@FunctionalInterface
public interface ComponentFactory<T> {
    T create(ComponentArgs args);
}
