package org.modnas.core.registry;

/**
 * Registers a module's components. Implementations are listed in
 * {@code META-INF/services/org.modnas.core.registry.ComponentProvider} and found with
 * {@link java.util.ServiceLoader}; config can only create what a provider registered.
 */
public interface ComponentProvider {
    void register(Registry registry);
}
