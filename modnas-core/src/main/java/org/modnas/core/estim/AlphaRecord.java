package org.modnas.core.estim;

import java.io.Serializable;

/**
 * The architecture weight of one candidate of one mixed op, as a gradient search left it at the end
 * of an epoch: α and its probability softmax(α) within the op.
 *
 * @param mixedOp   the mixed op (its slot name, which names its param)
 * @param candidate the candidate's primitive name
 */
public record AlphaRecord(String mixedOp, String candidate, double alpha, double probability) implements Serializable {
    private static final long serialVersionUID = 1L;
}
