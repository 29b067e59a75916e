package org.modnas.core.estim;

import org.modnas.core.registry.Kind;

/**
 * An evaluation strategy: turns (model, data, optimizer) into results. Estimators run
 * as a named chain configured at {@code search.estim.<name>}, in the order written.
 */
public interface Estimator {
    /** The registry kind of every estimator. */
    Kind<Estimator> KIND = Kind.of("estim", Estimator.class);
}
