package org.modnas.spark.driver;

import java.io.PrintStream;
import java.util.Locale;

/**
 * The progress of a search on standard error: candidates done / budget, best score, throughput of
 * this session and the time left, the sooner of the candidates left at that rate and the time
 * budget left. On a terminal it is one line redrawn at most twice a second; otherwise (a log file,
 * a scheduler) a plain line every {@value #PLAIN_SECONDS} seconds and a last one at the end.
 */
final class Progress {
    static final int PLAIN_SECONDS = 10;
    /** Set by the launcher to whether standard error is a terminal; without it, {@code System.console()} decides. */
    static final String TERMINAL_PROPERTY = "modnas.stderr.terminal";
    private static final long REDRAW_NANOS = 500_000_000L;

    private final PrintStream out;
    private final boolean enabled;
    private final boolean terminal;
    private final int budget;
    private final double budgetSeconds;
    private final long startNanos = System.nanoTime();
    private long lastDraw;
    private boolean drawn;

    Progress(PrintStream out, boolean enabled, int budget, double budgetSeconds) {
        this(out, enabled, stderrIsTerminal(), budget, budgetSeconds);
    }

    Progress(PrintStream out, boolean enabled, boolean terminal, int budget, double budgetSeconds) {
        this.out = out;
        this.enabled = enabled;
        this.terminal = terminal;
        this.budget = budget;
        this.budgetSeconds = budgetSeconds;
    }

    static boolean stderrIsTerminal() {
        String given = System.getProperty(TERMINAL_PROPERTY);
        return given != null ? Boolean.parseBoolean(given) : System.console() != null;
    }

    /** Redraws (or prints a plain line) when due, or always when {@code force}. */
    void update(int done, int doneHere, int inFlight, Double best, boolean force) {
        long now = System.nanoTime();
        long interval = terminal ? REDRAW_NANOS : PLAIN_SECONDS * 1_000_000_000L;
        if (!enabled || (!force && drawn && now - lastDraw < interval)) {
            return;
        }
        lastDraw = now;
        String line = line(done, doneHere, inFlight, best, (now - startNanos) / 1e9);
        if (terminal) {
            out.print("\r" + line + "   ");
        } else {
            out.println(line);
        }
        out.flush();
        drawn = true;
    }

    /** Ends the redrawn line so later output starts on a fresh one. */
    void finish() {
        if (drawn && terminal) {
            out.println();
            out.flush();
        }
    }

    String line(int done, int doneHere, int inFlight, Double best, double seconds) {
        double rate = seconds > 0 ? doneHere / seconds : 0;
        double left = done >= budget ? 0 : rate > 0 ? (budget - done) / rate : Double.POSITIVE_INFINITY;
        if (budgetSeconds > 0) {
            left = Math.min(left, Math.max(0, budgetSeconds - seconds));
        }
        String eta = Double.isFinite(left) ? clock(left) : "?";
        return String.format(Locale.ROOT, "modnas search: %d/%d candidates, %d running, best %s, %.2f cand/s, ETA %s",
                done, budget, inFlight, best == null ? "-" : String.format(Locale.ROOT, "%.4f", best), rate, eta);
    }

    static String clock(double seconds) {
        long s = Math.max(0, Math.round(seconds));
        return s >= 3600 ? String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String.format("%d:%02d", s / 60, s % 60);
    }
}
