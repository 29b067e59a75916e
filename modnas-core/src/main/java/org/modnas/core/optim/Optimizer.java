package org.modnas.core.optim;

import org.modnas.core.registry.Kind;

/**
 * A search algorithm: discrete ones ({@link DiscreteOptimizer}) propose arch descs and
 * learn from their scores; gradient ones (in modnas-models) step the α of a supernet.
 */
public interface Optimizer {
    /** The registry kind of every optimizer, configured at {@code search.optim}. */
    Kind<Optimizer> KIND = Kind.of("optim", Optimizer.class);
}
