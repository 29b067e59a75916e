package org.modnas.core.optim;

import java.io.Serializable;
import org.modnas.core.arch.ArchDesc;

/**
 * One candidate an optimizer asks to evaluate.
 *
 * @param desc       the architecture
 * @param generation the optimizer's generation (or round) the candidate belongs to, from 0
 */
public record Proposal(ArchDesc desc, int generation) implements Serializable {
}
