package org.modnas.spark.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The live progress line: done / budget, running, best score, throughput and ETA. */
class ProgressTest {
    @Test
    void lineShowsDoneOfBudgetBestThroughputAndTimeLeft() {
        Progress p = new Progress(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), true, 200);
        assertEquals("modnas search: 50/200 candidates, 2 running, best 0.9125, 2.00 cand/s, ETA 1:15",
                p.line(50, 40, 2, 0.9125, 20.0));
        assertEquals("modnas search: 0/200 candidates, 0 running, best -, 0.00 cand/s, ETA ?", p.line(0, 0, 0, null, 0));
        assertEquals("1:01:01", Progress.clock(3661));
    }

    @Test
    void drawsOnOneLineAndEndsItWhenFinished() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Progress p = new Progress(new PrintStream(bytes, true, StandardCharsets.UTF_8), true, 10);
        p.update(1, 1, 1, 0.5, true);
        p.update(2, 2, 0, 0.6, true);
        p.finish();
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(2, text.chars().filter(c -> c == '\r').count());
        assertEquals(1, text.chars().filter(c -> c == '\n').count());
    }
}
