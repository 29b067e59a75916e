package org.modnas.models.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modnas.core.export.DescFiles;
import org.modnas.core.registry.Registry;
import org.modnas.models.space.Spaces;

class TrainCommandTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return TrainCommand.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private static final String MODEL = "model { type = CIFAR_MobileNetV2, chn_in = 1, n_classes = 10, width_coeff = 0.25, depth_coeff = 0.34 }";

    @Test
    void aChainThatIgnoresTheDescIsRefusedRatherThanTrainingAnotherNetwork() throws Exception {
        int slots = Spaces.build(ConfigFactory.parseString(MODEL), Registry.global(), 1).slots().size();
        Path desc = dir.resolve("arch.yaml");
        DescFiles.write(desc, Collections.nCopies(slots, "MB5E6"));
        Path conf = dir.resolve("published.conf");
        Files.writeString(conf, "search_space { " + MODEL + ", desc_construct { p { type = MobileNetV2PredefinedConstructor } } }\n"
                + "data.dataset { type = Synthetic }\noutput.dir = \"" + dir + "\"\n");
        assertEquals(2, run(conf.toString(), "--arch", desc.toString()));
        String e = err.toString(StandardCharsets.UTF_8);
        assertTrue(e.startsWith("modnas train: the desc_construct chain of " + conf + " built [MB3E1, "), e);
        assertTrue(e.contains("not the architecture " + desc + " names ([MB5E6, MB5E6"), e);
        assertTrue(!Files.exists(dir.resolve("published")), "nothing written for a refused run");
    }

    @Test
    void badArgumentsAreUsageErrors() {
        assertEquals(2, run("--arch"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--arch needs a desc file"));
        assertEquals(2, run("x.conf", "--bogus"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("unknown option '--bogus'"));
        assertEquals(2, run(dir.resolve("x.conf").toString(), "--arch", dir.resolve("none.yaml").toString()));
    }
}
