package org.modnas.spark.driver;

import java.io.PrintStream;
import java.util.Locale;

/**
 * The live progress line on standard error: candidates done / budget, best score,
 * throughput of this session and the time left at that rate. Redrawn at most twice a second.
 */
final class Progress {
    private static final long REDRAW_NANOS = 500_000_000L;
    private final PrintStream out;
    private final boolean enabled;
    private final int budget;
    private final long startNanos = System.nanoTime();
    private long lastDraw;
    private boolean drawn;

    Progress(PrintStream out, boolean enabled, int budget) {
        this.out = out;
        this.enabled = enabled;
        this.budget = budget;
    }

    /** Redraws when due (or always when {@code force}). */
    void update(int done, int doneHere, int inFlight, Double best, boolean force) {
        long now = System.nanoTime();
        if (!enabled || (!force && now - lastDraw < REDRAW_NANOS)) {
            return;
        }
        lastDraw = now;
        out.print("\r" + line(done, doneHere, inFlight, best, (now - startNanos) / 1e9) + "   ");
        out.flush();
        drawn = true;
    }

    /** Ends the line so later output starts on a fresh one. */
    void finish() {
        if (drawn) {
            out.println();
            out.flush();
        }
    }

    String line(int done, int doneHere, int inFlight, Double best, double seconds) {
        double rate = seconds > 0 ? doneHere / seconds : 0;
        String eta = rate > 0 ? clock((budget - done) / rate) : "?";
        return String.format(Locale.ROOT, "modnas search: %d/%d candidates, %d running, best %s, %.2f cand/s, ETA %s",
                done, budget, inFlight, best == null ? "-" : String.format(Locale.ROOT, "%.4f", best), rate, eta);
    }

    static String clock(double seconds) {
        long s = Math.max(0, Math.round(seconds));
        return s >= 3600 ? String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String.format("%d:%02d", s / 60, s % 60);
    }
}
