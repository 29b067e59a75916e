package org.modnas.models.train;

import java.io.PrintStream;

/**
 * A live one-line progress bar for a terminal: redrawn in place at most a few times a second,
 * cleared when done. Used only when the process runs in a terminal; logs get the per-epoch lines.
 */
public final class ProgressBar {
    private static final int WIDTH = 30;
    private static final long INTERVAL_NANOS = 200_000_000L;
    private final PrintStream out;
    private long lastDraw;

    public ProgressBar(PrintStream out) {
        this.out = out;
    }

    /** A bar on standard error when the process has a terminal, else null. */
    public static ProgressBar forTerminal() {
        return System.console() != null ? new ProgressBar(System.err) : null;
    }

    /** Redraws the bar for {@code done} of {@code total} with a status text, unless drawn very recently. */
    public void update(String label, long done, long total, String status) {
        long now = System.nanoTime();
        if (done < total && now - lastDraw < INTERVAL_NANOS) {
            return;
        }
        lastDraw = now;
        int filled = total <= 0 ? 0 : (int) Math.min(WIDTH, WIDTH * done / total);
        StringBuilder sb = new StringBuilder("\r").append(label).append(" [");
        for (int i = 0; i < WIDTH; i++) {
            sb.append(i < filled ? '=' : i == filled ? '>' : ' ');
        }
        sb.append("] ").append(done).append('/').append(total).append(' ').append(status).append("\u001b[K");
        out.print(sb);
        out.flush();
    }

    /** Removes the bar so the next line starts clean. */
    public void clear() {
        out.print("\r\u001b[K");
        out.flush();
    }
}
