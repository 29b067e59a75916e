package org.modnas.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.modnas.core.config.ConfigLoader;
import org.modnas.core.config.LoadedConfig;
import org.modnas.core.registry.Registry;

class RunDirectoryTest {
    @TempDir
    Path dir;

    @Test
    void laysOutTheRunFolderOfTheSpec() {
        RunDirectory run = RunDirectory.of(dir, "nightly-2024.01_a");
        Path root = dir.resolve("nightly-2024.01_a");
        assertEquals(root, run.root().path());
        assertEquals(root.resolve("config.conf"), run.configFile().path());
        assertEquals(root.resolve("candidates"), run.candidatesDir().path());
        assertEquals(root.resolve("optimizer"), run.optimizerDir().path());
        assertEquals(root.resolve("outputs/arch_search_best.yaml"), run.bestDescFile("search", "yaml").path());
        assertEquals(root.resolve("outputs/arch_warmup_best.json"), run.bestDescFile("warmup", ".json").path());
        assertEquals(root.resolve("outputs/search_results.json"), run.resultsFile("search").path());
        assertEquals(root.resolve("logs"), run.logsDir().path());
        assertEquals(root.resolve("report"), run.reportDir().path());
    }

    @Test
    void createsEveryFolderAndKnowsWhenARunWasStartedBefore() {
        RunDirectory run = RunDirectory.of(dir, "r1").create();
        for (Path p : List.of(run.candidatesDir().path(), run.optimizerDir().path(), run.outputsDir().path(), run.logsDir().path(), run.reportDir().path())) {
            assertTrue(Files.isDirectory(p), p.toString());
        }
        assertFalse(run.exists());
        run.writeConfig("run.id = r1\n");
        assertTrue(RunDirectory.of(dir, "r1").exists());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a/b", "..", ".hidden", "-x", "a b", "run:1", "ü"})
    void rejectsARunIdThatIsNotAPlainFileName(String id) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RunDirectory.of(dir, id));
        assertEquals("run id '" + id + "' is not usable as a file name: use 1 to 128 letters, digits, '.', '_' or '-',"
                + " starting with a letter or digit", e.getMessage());
    }

    @Test
    void rejectsAnEstimatorNameThatIsNotAPlainFileName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RunDirectory.of(dir, "r").bestDescFile("../x", "yaml"));
        assertTrue(e.getMessage().startsWith("estimator name '../x' is not usable"), e.getMessage());
    }

    @Test
    void makesADefaultIdFromTheConfigNameAndHash() {
        assertEquals("darts-0123abcd", RunDirectory.defaultRunId("darts", "0123abcdef"));
        assertEquals("my_conf_v2-ffff0000", RunDirectory.defaultRunId("my conf/v2", "FFFF0000aa"));
        assertEquals("run-12345678", RunDirectory.defaultRunId("..", "12345678"));
        RunDirectory.requireValidRunId(RunDirectory.defaultRunId("é.conf", "ab"));
    }

    @Test
    void findsTheFolderAConfigNames() throws IOException {
        Path f = dir.resolve("mbv2.conf");
        Files.writeString(f, "output.dir = \"" + dir.resolve("out") + "\"\n");
        ConfigLoader loader = new ConfigLoader(new Registry());
        LoadedConfig lc = loader.load(f);
        RunDirectory run = RunDirectory.of(lc);
        assertEquals(dir.resolve("out").resolve("mbv2-" + lc.searchIdentity().substring(0, 8)), run.root().path());
        // a larger budget continues the same run; a change to how candidates are evaluated starts another
        assertEquals(run.root(), RunDirectory.of(loader.load(f, List.of("search.budget.candidates=500"))).root());
        assertEquals(run.root(), RunDirectory.of(loader.load(f, List.of("output.dir=\"" + dir.resolve("out") + "\"",
                "search.budget.seconds=60"))).root());
        assertNotEquals(run.root(), RunDirectory.of(loader.load(f, List.of("run.seed=7"))).root());
        assertEquals(dir.resolve("out/nightly"), RunDirectory.of(loader.load(f, List.of("run.id=nightly"))).root().path());
        assertThrows(IllegalArgumentException.class, () -> RunDirectory.of(loader.load(f, List.of("run.id=\"a/b\""))));
    }

    @Test
    void checkWritableNamesTheFolderInTheWay() throws IOException {
        RunDirectory.of(dir.resolve("runs"), "a").checkWritable(); // nothing exists yet: its parent is writable
        Path file = Files.writeString(dir.resolve("plain-file"), "x");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RunDirectory.of(file, "a").checkWritable());
        assertTrue(e.getMessage().startsWith("output.dir: the run folder " + file.resolve("a") + " cannot be created: "
                + file + " is a file, not a folder"), e.getMessage());
        Path locked = Files.createDirectories(dir.resolve("locked"));
        assertTrue(locked.toFile().setWritable(false, false));
        try {
            if (!Files.isWritable(locked)) { // root may write anywhere
                e = assertThrows(IllegalArgumentException.class, () -> RunDirectory.of(locked, "a").checkWritable());
                assertTrue(e.getMessage().contains("the folder " + locked + " is not writable"), e.getMessage());
            }
        } finally {
            locked.toFile().setWritable(true, false);
        }
        assertFalse(Files.exists(file.resolve("a")));
    }

    @Test
    void aRunIsResumedOnlyWithTheSameSearchSettingsUnlessAllowed() throws IOException {
        Path conf = Files.writeString(dir.resolve("s.conf"), "run.id = fixed\noutput.dir = \"" + dir.resolve("runs")
                + "\"\nsearch.optim { type = EvolutionOptim, population_size = 20 }\n");
        ConfigLoader loader = new ConfigLoader(Registry.global());
        LoadedConfig first = loader.load(conf);
        RunDirectory run = RunDirectory.of(first);
        run.checkResumable(first); // a new run
        run.create().writeConfig(first.render());
        run.checkResumable(first);
        run.checkResumable(loader.load(conf, List.of("search.budget.candidates=500", "search.budget.seconds=60")));
        LoadedConfig changed = loader.load(conf, List.of("search.optim.population_size=30"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> run.checkResumable(changed));
        assertTrue(e.getMessage().contains("search.optim.population_size: 20.0 -> 30.0"), e.getMessage());
        assertTrue(e.getMessage().contains("run.id=") && e.getMessage().contains("run.allow_config_change=true"),
                e.getMessage());
        run.checkResumable(loader.load(conf, List.of("search.optim.population_size=30", "run.allow_config_change=true")));
    }
}
