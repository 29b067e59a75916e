package org.modnas.core.estim;

import java.io.Serializable;
import java.util.Objects;

/**
 * What one estimator of a chain hands to the next: the parameters of a trained
 * supernet in the engine's parameter format, named by the chain entry that trained them. A later
 * {@code SubNetEstimator} selects each candidate on a copy of this supernet instead of building
 * and training it from scratch.
 *
 * @param producer   the chain entry that trained the supernet, e.g. {@code warmup}
 * @param parameters the serialized parameters
 */
public record SupernetWeights(String producer, byte[] parameters) implements Serializable {
    private static final long serialVersionUID = 1L;

    public SupernetWeights {
        Objects.requireNonNull(producer, "producer");
        Objects.requireNonNull(parameters, "parameters");
    }

    /** Size of the parameters in bytes. */
    public int size() {
        return parameters.length;
    }

    @Override
    public String toString() {
        return "SupernetWeights[" + producer + ", " + parameters.length + " bytes]";
    }
}
