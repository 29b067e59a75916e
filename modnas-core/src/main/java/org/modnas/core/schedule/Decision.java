package org.modnas.core.schedule;

/**
 * What a free task slot should do next.
 */
public sealed interface Decision {
    /** Continue trial {@code trial} from its checkpoint up to rung {@code rung}. */
    record Promote(String trial, int rung) implements Decision {
    }

    /** Start a new trial at the bottom rung of bracket {@code bracket} (0 outside Hyperband). */
    record Start(int bracket) implements Decision {
    }

    /** Nothing can start now: wait for a result (synchronous successive halving with a rung still filling). */
    record Wait() implements Decision {
    }
}
