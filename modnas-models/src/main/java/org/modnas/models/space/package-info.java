/**
 * Search spaces on DJL: {@link org.modnas.models.space.Slot}, the primitives,
 * the mixed ops with their arch params, the constructors and {@link org.modnas.models.space.Spaces},
 * the one place that turns a {@code search_space} config (and an arch desc) into a network.
 */
package org.modnas.models.space;
