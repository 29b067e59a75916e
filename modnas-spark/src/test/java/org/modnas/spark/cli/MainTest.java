package org.modnas.spark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MainTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        PrintStream sysOut = System.out;
        PrintStream sysErr = System.err;
        System.setOut(o);
        System.setErr(e);
        try {
            return Main.run(args, o, e);
        } finally {
            System.setOut(sysOut);
            System.setErr(sysErr);
        }
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void helpListsTheSubcommands() {
        assertEquals(0, run("--help"));
        for (String c : new String[] {"search", "show", "report", "export", "bench", "model", "train"}) {
            assertTrue(out().contains(c), out());
        }
    }

    @Test
    void noSubcommandIsAUsageError() {
        assertEquals(2, run());
        assertTrue(err().contains("Usage: modnas"), err());
    }

    @Test
    void anUnknownSubcommandIsAUsageError() {
        assertEquals(2, run("frobnicate"));
        assertTrue(err().contains("Unmatched argument at index 0: 'frobnicate'"), err());
    }

    @Test
    void benchOptimPrintsOneLinePerOptimizer() {
        assertEquals(0, run("bench", "optim", "cycles=200", "repeats=1"));
        String[] lines = out().strip().split("\n");
        assertEquals(5, lines.length, out());
        for (String l : lines) {
            assertTrue(l.matches("bench=optim optimizer=\\w+ proposals_per_s=\\d+.*"), l);
        }
    }

    @Test
    void benchRejectsUnknownNamesAndBareWords() {
        assertEquals(2, run("bench", "warp"));
        assertTrue(err().contains("unknown benchmark 'warp'; known: optim, model, candidate, supernet, train, spark"), err());
        assertEquals(2, run("bench", "optim", "fast"));
        assertTrue(err().contains("expected key=value, got 'fast'"), err());
    }

    @Test
    void modelAndTrainPassTheirUsageErrorsThrough() {
        assertEquals(2, run("model", "Resnet9000"));
        assertTrue(err().contains("unknown model 'Resnet9000'"), err());
        assertEquals(2, run("train"));
        assertTrue(err().contains("modnas train: no config file given"), err());
        assertEquals(0, run("train", "--help"));
        assertTrue(out().contains("Usage: modnas train <config> --arch <desc file>"), out());
    }

    @Test
    void aConfigErrorExitsTwoWithItsMessage() throws Exception {
        java.nio.file.Path conf = java.nio.file.Files.createTempFile("bad", ".conf");
        java.nio.file.Files.writeString(conf, "trainer { epochz = 3 }\n");
        assertEquals(2, run("train", conf.toString()));
        assertTrue(err().contains(conf + ":1: unknown key 'trainer.epochz'"), err());
    }
}
