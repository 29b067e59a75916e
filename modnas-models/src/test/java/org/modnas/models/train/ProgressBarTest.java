package org.modnas.models.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressBarTest {
    @Test
    void drawsInPlaceAndThrottlesRedraws() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressBar bar = new ProgressBar(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        bar.update("epoch 1/1", 5, 10, "loss=1.0");
        bar.update("epoch 1/1", 6, 10, "loss=0.9"); // within the redraw interval: skipped
        bar.update("epoch 1/1", 10, 10, "loss=0.5"); // the last step is always drawn
        bar.clear();
        String s = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(s.startsWith("\repoch 1/1 [===============>              ] 5/10 loss=1.0"), s);
        assertTrue(!s.contains("6/10"), s);
        assertTrue(s.contains("[==============================] 10/10 loss=0.5"), s);
        assertEquals(3, s.split("\r", -1).length - 1);
    }
}
