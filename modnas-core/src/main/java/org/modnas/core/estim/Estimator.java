package org.modnas.core.estim;

import org.modnas.core.registry.Kind;

/**
 * An evaluation strategy: turns (model, data, optimizer) into results. Estimators run
 * as a named chain configured at {@code search.estim.<name>}, in the order written.
 */
public interface Estimator {
    /** The registry kind of every estimator. */
    Kind<Estimator> KIND = Kind.of("estim", Estimator.class);

    /**
     * Checks, before a search starts and without training anything, that what this estimator will
     * read exists and is well formed (e.g. the headers and sizes of its data files).
     *
     * @throws IllegalArgumentException naming the file or setting that is wrong
     */
    default void checkInputs() {
    }
}
