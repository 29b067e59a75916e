package org.modnas.models.space;

import org.modnas.core.registry.Registry;
import org.modnas.core.util.Rng;

/**
 * What every constructor of one chain shares: the registry (primitives and mixed ops are built by
 * name), the space's generator (each mixed op gets its own split of it, in slot order, so the
 * same seed gives the same α and the same samples) and the arch desc given to the build
 * ({@code search_space.arch_desc} or an explicit one), used by desc constructors without their own.
 *
 * @param registry where primitives, mixed ops and constructors are looked up
 * @param rng the space's generator
 * @param archDesc the desc of the build: an {@code ArchDesc}, a list, a map or a file path; may be null
 */
public record BuildContext(Registry registry, Rng rng, Object archDesc) {
}
