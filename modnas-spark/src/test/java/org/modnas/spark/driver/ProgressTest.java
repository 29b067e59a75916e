package org.modnas.spark.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The progress of a search: done / budget, running, best score, throughput and ETA, redrawn or logged. */
class ProgressTest {
    private static PrintStream into(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }

    @Test
    void lineShowsDoneOfBudgetBestThroughputAndTimeLeft() {
        Progress p = new Progress(into(new ByteArrayOutputStream()), true, true, 200, 0);
        assertEquals("modnas search: 50/200 candidates, 2 running, best 0.9125, 2.00 cand/s, ETA 1:15",
                p.line(50, 40, 2, 0.9125, 20.0));
        assertEquals("modnas search: 0/200 candidates, 0 running, best -, 0.00 cand/s, ETA ?", p.line(0, 0, 0, null, 0));
        assertEquals("1:01:01", Progress.clock(3661));
    }

    @Test
    void theTimeBudgetBoundsTheEta() {
        // 60 candidates at 0.15/s would take 6:40, but the 5-minute budget ends after 4:00 more
        Progress p = new Progress(into(new ByteArrayOutputStream()), true, true, 60, 300);
        assertTrue(p.line(0, 9, 2, 0.5, 60.0).endsWith("ETA 4:00"), p.line(0, 9, 2, 0.5, 60.0));
        assertTrue(p.line(0, 0, 2, null, 10.0).endsWith("ETA 4:50"), p.line(0, 0, 2, null, 10.0));
        assertTrue(p.line(60, 0, 0, 0.5, 10.0).endsWith("ETA 0:00"), "a spent budget has nothing left");
    }

    @Test
    void onATerminalDrawsOnOneLineAndEndsItWhenFinished() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Progress p = new Progress(into(bytes), true, true, 10, 0);
        p.update(1, 1, 1, 0.5, true);
        p.update(2, 2, 0, 0.6, true);
        p.finish();
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(2, text.chars().filter(c -> c == '\r').count());
        assertEquals(1, text.chars().filter(c -> c == '\n').count());
    }

    @Test
    void withoutATerminalPrintsPlainLinesAtMostEveryFewSeconds() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Progress p = new Progress(into(bytes), true, false, 10, 0);
        for (int i = 0; i < 50; i++) {
            p.update(i / 10, i / 10, 2, 0.5, false); // many updates within well under PLAIN_SECONDS
        }
        p.update(5, 5, 0, 0.6, true); // the last line is always printed
        p.finish();
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(0, text.chars().filter(c -> c == '\r').count(), text);
        assertEquals(2, text.lines().count(), text);
        assertTrue(text.lines().allMatch(l -> l.startsWith("modnas search: ")), text);
    }
}
