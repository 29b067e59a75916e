package org.modnas.core.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The benchmark's output format and options (its figures are measured by running it, not here). */
class OptimBenchmarkTest {
    @Test
    void printsOneLinePerOptimizer() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        OptimBenchmark.run(Map.of("cycles", "200", "repeats", "1"), new PrintStream(buf, true, StandardCharsets.UTF_8));
        String[] lines = buf.toString(StandardCharsets.UTF_8).strip().split("\n");
        assertEquals(5, lines.length);
        String[] names = {"RandomSearchOptim", "GridSearchOptim", "EvolutionOptim", "RegularizedEvolutionOptim", "REINFORCEOptim"};
        for (int i = 0; i < 5; i++) {
            assertTrue(lines[i].matches("bench=optim optimizer=" + names[i] + " proposals_per_s=\\d+ .*"), lines[i]);
        }
    }

    @Test
    void rejectsBadOptions() {
        PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assertEquals("bench optim: cycles must be a positive integer, got '0'",
                assertThrows(IllegalArgumentException.class, () -> OptimBenchmark.run(Map.of("cycles", "0"), out)).getMessage());
        assertEquals("bench optim has no option 'cycle'; its options: cycles, optimizers, repeats",
                assertThrows(IllegalArgumentException.class, () -> OptimBenchmark.run(Map.of("cycle", "5"), out)).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> OptimBenchmark.run(Map.of("optimizers", "Foo"), out)).getMessage().startsWith("bench optim: unknown optimizer 'Foo'"));
    }
}
