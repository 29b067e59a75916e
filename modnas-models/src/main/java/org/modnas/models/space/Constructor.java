package org.modnas.models.space;

import ai.djl.nn.Block;

/**
 * A model → model transformation applied in a configured chain: the
 * {@code search_space.construct} chain for search, {@code desc_construct} for retraining.
 * Constructors build Slots in place (see {@link Slot#build}) and return the model.
 */
@FunctionalInterface
public interface Constructor {
    Block construct(Block model, BuildContext context);
}
