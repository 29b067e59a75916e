package org.modnas.core.estim;

/**
 * The slice of a candidate's training one task runs under a multi-fidelity schedule: train from
 * resource {@code from} up to {@code to}, on the learning-rate schedule of {@code max} from the
 * start, so a candidate continued rung by rung ends exactly where one trained to {@code max} at
 * once would. The training state (weights, optimizer state, data position) is read from
 * {@code resumeFrom} when {@code from > 0} and written to {@code saveTo} when not null.
 *
 * @param unit       what the resource counts: training steps or epochs
 * @param from       the resource already trained (0 for a new candidate)
 * @param to         the resource to train up to
 * @param max        the resource of the full schedule
 * @param resumeFrom the checkpoint written when {@code from} was reached, or null when {@code from = 0}
 * @param saveTo     where to write the checkpoint at {@code to}, or null when no rung continues from it
 */
public record Fidelity(Unit unit, double from, double to, double max, String resumeFrom, String saveTo)
        implements java.io.Serializable {
    /** What a resource counts. */
    public enum Unit {
        STEPS, EPOCHS;

        /** The unit a config names ({@code steps} or {@code epochs}, any case). */
        public static Unit of(String name) {
            for (Unit u : values()) {
                if (u.name().equalsIgnoreCase(name)) {
                    return u;
                }
            }
            throw new IllegalArgumentException("resource must be steps or epochs, got '" + name + "'");
        }

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public Fidelity {
        if (!(from >= 0) || !(to > from) || !(max >= to)) {
            throw new IllegalArgumentException("a fidelity needs 0 <= from < to <= max, got from = " + from + ", to = "
                    + to + ", max = " + max);
        }
        if (from > 0 && resumeFrom == null) {
            throw new IllegalArgumentException("a fidelity continuing from " + from + " needs the checkpoint to resume from");
        }
    }

    /** A resource as a whole count of steps or epochs (rungs are rounded to whole units). */
    public static long whole(double resource) {
        return Math.round(resource);
    }
}
