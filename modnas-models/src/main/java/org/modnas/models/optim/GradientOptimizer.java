package org.modnas.models.optim;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.modnas.core.optim.Optimizer;
import org.modnas.models.space.MixedOp;
import org.modnas.models.space.TensorMixedOp;

/**
 * A gradient optimizer of the architecture: each {@link #step} takes one arch step on the α of a
 * supernet with Adam ({@link AlphaAdam}). A {@code SuperNetEstimator} calls it before the weight
 * steps the schedule names. Its whole state — the Adam moments, the step count and anything a
 * subclass adds ({@link #writeState}) — is a JSON snapshot for checkpoints; α itself lives in the
 * network's parameters.
 */
public abstract class GradientOptimizer implements Optimizer {
    private final AlphaAdam adam;
    private long steps;

    protected GradientOptimizer(double lr, double beta1, double beta2, double weightDecay) {
        this.adam = new AlphaAdam(new AlphaAdam.Settings(lr, beta1, beta2, weightDecay));
    }

    /** The registered name, e.g. {@code DARTSOptim}. */
    public abstract String name();

    /** One arch step; temporaries live in a scope closed when it returns. */
    public final void step(ArchStepContext ctx) {
        try (NDManager scope = ctx.manager().newSubManager()) {
            archStep(ctx, scope);
        }
        steps++;
    }

    /**
     * Called once before training (and again after a restore) with the supernet's mixed ops, for
     * settings of the ops that follow from the optimizer's state (a temperature).
     */
    public void begin(java.util.List<TensorMixedOp> ops) {
    }

    /** The arch step itself: compute α's gradient and call {@link #adam}. */
    protected abstract void archStep(ArchStepContext ctx, NDManager scope);

    /** The Adam optimizer of α. */
    protected final AlphaAdam adam() {
        return adam;
    }

    /** Arch steps taken so far. */
    public final long steps() {
        return steps;
    }

    /** Sets the mode of every mixed op of the context (binary gates sample differently per mode). */
    protected static void setMode(ArchStepContext ctx, MixedOp.Mode mode) {
        for (TensorMixedOp op : ctx.mixedOps()) {
            op.setMode(mode);
        }
    }

    /** The optimizer's state as JSON. */
    public final ObjectNode state() {
        ObjectNode o = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        o.put("optimizer", name());
        o.put("steps", steps);
        o.set("adam", adam.state());
        writeState(o);
        return o;
    }

    /** Restores what {@link #state} returned. */
    public final void restore(JsonNode o) {
        if (!name().equals(o.path("optimizer").asText())) {
            throw new IllegalArgumentException("the saved state is of " + o.path("optimizer").asText() + ", not " + name());
        }
        steps = o.get("steps").asLong();
        adam.restore(o.get("adam"));
        readState(o);
    }

    /** Adds a subclass's own state. */
    protected void writeState(ObjectNode o) {
    }

    /** Reads a subclass's own state. */
    protected void readState(JsonNode o) {
    }
}
