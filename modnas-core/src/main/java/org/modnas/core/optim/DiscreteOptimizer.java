package org.modnas.core.optim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.modnas.core.arch.ArchSpace;

/**
 * The ask/tell contract for optimizers over a discrete {@link ArchSpace}.
 * <ul>
 * <li>{@link #propose(int)} returns up to n new candidates, never one already proposed in this
 * search. It may return fewer, or none, while it waits for results (a generation-based optimizer
 * waiting for its generation); it returns none and {@link #isExhausted()} turns true once every
 * point of the space has been proposed.</li>
 * <li>{@link #observe(List)} takes results in any order, including results of candidates proposed
 * several rounds ago.</li>
 * <li>{@link #snapshot()} captures the whole state as JSON; {@link #restore(ObjectNode)} on a fresh
 * optimizer built from the same config and space continues exactly as the uninterrupted one would.</li>
 * </ul>
 */
public interface DiscreteOptimizer extends Optimizer {
    /** The space searched. */
    ArchSpace space();

    /** Up to {@code n} new, distinct, never-before-proposed candidates. */
    List<Proposal> propose(int n);

    /** Learns from evaluated candidates, in any order. */
    void observe(List<Observation> results);

    /** True once every point of the space has been proposed: no proposal will ever come again. */
    boolean isExhausted();

    /** The whole state (including the random generator's) as a JSON object. */
    ObjectNode snapshot();

    /** Replaces this optimizer's state by a snapshot of an optimizer of the same type and space. */
    void restore(ObjectNode state);
}
