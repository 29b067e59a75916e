package org.modnas.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigChainsTest {
    @TempDir
    Path dir;

    private final ConfigLoader loader = new ConfigLoader(TestRegistries.withComponents());

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
        return p;
    }

    private static List<String> names(List<ConfigChains.Entry> chain) {
        return chain.stream().map(ConfigChains.Entry::name).toList();
    }

    @Test
    void keepsEntriesInTheOrderWrittenNotAlphabetical() throws IOException {
        Path f = write("a.conf", """
                search.estim {
                  warmup { type = DefaultEstimator, epochs = 2 }
                  search { type = SubNetEstimator }
                  after { type = DefaultEstimator }
                }
                search.estim.beta.type = DefaultEstimator
                """);
        List<ConfigChains.Entry> chain = loader.load(f).chain("search.estim");
        assertEquals(List.of("warmup", "search", "after", "beta"), names(chain));
        assertEquals(2, chain.get(0).section().getInt("epochs"));
        assertEquals("SubNetEstimator", chain.get(1).type());
    }

    @Test
    void ordersByWhereTheTypeWasWrittenSoLaterArgumentsDoNotMoveAnEntry() throws IOException {
        Path f = write("a.conf", """
                search.estim.zeta { type = DefaultEstimator }
                search.estim.alpha { type = DefaultEstimator }
                search.estim.zeta.epochs = 3
                """);
        assertEquals(List.of("zeta", "alpha"), names(loader.load(f).chain("search.estim")));
    }

    @Test
    void putsAnIncludedFilesEntriesBeforeThoseOfTheIncludingFile() throws IOException {
        write("conf/base.conf", "\n\n\n\n\nsearch.estim { zz_first { type = DefaultEstimator } }\n");
        Path f = write("conf/main.conf", """
                include "base.conf"
                search.estim.aa_second { type = SubNetEstimator }
                search.estim.zz_first.epochs = 4
                """);
        LoadedConfig lc = loader.load(f);
        assertEquals(List.of("zz_first", "aa_second"), names(lc.chain("search.estim")));
        assertEquals(4, lc.chain("search.estim").get(0).section().getInt("epochs"));
        assertEquals(List.of(dir.resolve("conf/base.conf").toString(), f.toString()), lc.files());
    }

    @Test
    void putsEntriesGivenOnlyOnTheCommandLineLastInArgumentOrder() throws IOException {
        Path f = write("a.conf", "search.estim.m { type = DefaultEstimator }\n");
        LoadedConfig lc = loader.load(f, List.of("search.estim.zz.type=DefaultEstimator",
                "search.estim.m.epochs=5", "search.estim.aa={type=SubNetEstimator, epochs=2}"));
        assertEquals(List.of("m", "zz", "aa"), names(lc.chain("search.estim")));
    }

    @Test
    void putsReferenceDefaultsFirstAndLeavesOutEntriesSwitchedOff() throws IOException {
        Path f = write("a.conf", """
                search.export.zparams { type = DefaultParamsExporter, file = "p.json" }
                search.export.nested { type = DefaultRecursiveExporter }
                """);
        assertEquals(List.of("default", "zparams", "nested"), names(loader.load(f).chain("search.export")));
        Path off = write("b.conf", "search.export.default = null\nsearch.export.p.type = DefaultParamsExporter\n");
        assertEquals(List.of("p"), names(loader.load(off).chain("search.export")));
    }

    @Test
    void ordersAPlainConfigByLine() {
        Config c = ConfigFactory.parseString("c { type = x }\nb { type = y }\na { n = 1 }\n").atPath("chain");
        assertEquals(List.of("c", "b", "a"), names(ConfigChains.entries(c, "chain")));
        assertEquals(List.of(), ConfigChains.entries(c, "missing"));
    }

    @Test
    void ordersAPlainConfigByLineNumberNotByItsText() {
        // lines 9 and 10: compared as text, "String: 10" would come before "String: 9"
        Config c = ConfigFactory.parseString("\n".repeat(8) + "warmup { type = x }\nsearch { type = y }\n").atPath("chain");
        assertEquals(List.of("warmup", "search"), names(ConfigChains.entries(c, "chain")));
    }

    @Test
    void rejectsAChainThatIsNotAnObjectOfObjects() {
        Config c = ConfigFactory.parseString("chain = 3\nother { a = 1 }");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ConfigChains.entries(c, "chain"));
        assertTrue(e.getMessage().contains("'chain' must be an object of named entries"), e.getMessage());
        IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class, () -> ConfigChains.entries(c, "other"));
        assertTrue(e2.getMessage().contains("chain entry 'other.a' must be an object"), e2.getMessage());
    }
}
