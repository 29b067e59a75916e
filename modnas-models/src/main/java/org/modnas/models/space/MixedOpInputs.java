package org.modnas.models.space;

import ai.djl.nn.Block;
import java.util.List;
import org.modnas.core.util.Rng;

/**
 * What a mixed-op factory gets from the constructor (through the registry's build context): the
 * slot's name (which names the arch param), the candidate names and blocks in order, and a
 * generator for the op's sampling and α initialisation, split from the space's seed.
 */
public record MixedOpInputs(String slotName, List<String> names, List<Block> candidates, Rng rng) {
}
