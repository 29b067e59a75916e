package org.modnas.core.search;

import org.modnas.core.registry.ComponentProvider;
import org.modnas.core.registry.Registry;

/** Declares the ranges of the {@code search.budget} settings. */
public final class SearchComponents implements ComponentProvider {
    @Override
    public void register(Registry registry) {
        registry.registerRange("search.budget.candidates", ">= 1");
        registry.registerRange("search.budget.seconds", ">= 0");
        registry.registerRange("search.budget.max_failures", ">= 0");
    }
}
