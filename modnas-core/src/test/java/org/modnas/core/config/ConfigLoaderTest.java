package org.modnas.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValueType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    private final ConfigLoader loader = new ConfigLoader(TestRegistries.withComponents());

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
        return p;
    }

    private ConfigError failure(Path file, String... overrides) {
        return assertThrows(ConfigError.class, () -> loader.load(file, List.of(overrides)));
    }

    private static void assertHasProblem(ConfigError e, String expected) {
        assertTrue(e.problems().contains(expected), () -> "expected problem\n  " + expected + "\ngot\n  "
                + String.join("\n  ", e.problems()));
    }

    @Test
    void fillsEveryKeyNotGivenFromTheReferenceConfigs() throws IOException {
        Path f = write("a.conf", "search.optim { type = EvolutionOptim, population_size = 20 }\n");
        Config c = loader.load(f).config();
        assertEquals("EvolutionOptim", c.getString("search.optim.type"));
        assertEquals(20, c.getInt("search.optim.population_size"));
        assertEquals(100, c.getInt("search.budget.candidates"));
        assertEquals(1, c.getInt("run.seed"));
        assertTrue(c.getIsNull("run.id"));
        assertEquals("DefaultSlotTraversalExporter", c.getString("search.export.default.type"));
    }

    @Test
    void rejectsAnUnknownKeyNamingFileLineAndTheKeyMeant() throws IOException {
        Path f = write("a.conf", "search {\n  budgit { candidates = 3 }\n}\n");
        assertHasProblem(failure(f), f + ":2: unknown key 'search.budgit' (did you mean 'budget'?)");
    }

    @Test
    void rejectsAnUnknownTopLevelSection() throws IOException {
        Path f = write("a.conf", "serch.optim.type = EvolutionOptim\n");
        assertHasProblem(failure(f), f + ":1: unknown key 'serch' (did you mean 'search'?)");
    }

    @Test
    void rejectsAnUnknownComponentArgumentSuggestingTheAbbreviatedOne() throws IOException {
        Path f = write("a.conf", "search.optim {\n  type = EvolutionOptim\n  pop_sise = 10\n}\n");
        assertHasProblem(failure(f), f + ":3: unknown key 'search.optim.pop_sise' (did you mean 'population_size'?);"
                + " optim 'EvolutionOptim' accepts: a_optim, mutation_prob, population_size");
    }

    @Test
    void rejectsAnUnknownArgumentOfAChainEntryFoundThroughItsAlias() throws IOException {
        Path f = write("a.conf", "search.estim {\n  search {\n    type = subnet_estim\n    num_bn_batches = 3\n  }\n}\n");
        assertHasProblem(failure(f), f + ":4: unknown key 'search.estim.search.num_bn_batches' (did you mean "
                + "'num_bn_batch'?); estim 'SubNetEstimator' accepts: epochs, num_bn_batch");
    }

    @Test
    void rejectsAnUnknownKeyInsideANestedComponentArgument() throws IOException {
        Path f = write("a.conf", "search.optim {\n  type = EvolutionOptim\n  a_optim { lr = 0.1, momentum = 0.9 }\n}\n");
        assertHasProblem(failure(f), f + ":3: unknown key 'search.optim.a_optim.momentum'; optim 'EvolutionOptim'"
                + " under 'search.optim.a_optim' accepts: betas, lr");
    }

    @Test
    void rejectsAnUnknownComponentTypeListingKnownNamesAndTheClosest() throws IOException {
        Path f = write("a.conf", "\nsearch.optim.type = EvolutonOptim\n");
        ConfigError e = failure(f);
        assertHasProblem(e, f + ":2: key 'search.optim.type': unknown optim 'EvolutonOptim'; did you mean "
                + "'EvolutionOptim'? Known optim names: RandomSearchOptim, EvolutionOptim");
    }

    @Test
    void rejectsAnUnknownExporterInTheDefaultChainEntry() throws IOException {
        Path f = write("a.conf", "search.export.default.type = YamlExporter\n");
        ConfigError e = failure(f);
        assertTrue(e.getMessage().startsWith(f + ":1: key 'search.export.default.type': unknown export 'YamlExporter'"),
                e.getMessage());
        assertTrue(e.getMessage().contains("Known export names: DefaultSlotTraversalExporter, DefaultRecursiveExporter, "
                + "DefaultParamsExporter"), e.getMessage());
    }

    @Test
    void rejectsAChainEntryWithArgumentsButNoType() throws IOException {
        Path f = write("a.conf", "search.estim.warmup {\n  epochs = 2\n}\n");
        assertHasProblem(failure(f), f + ":1: 'search.estim.warmup' gives arguments but no 'type'; known estim names: "
                + "DefaultEstimator, SubNetEstimator");
    }

    @Test
    void rejectsAComponentSectionThatIsNotAnObject() throws IOException {
        Path f = write("a.conf", "search.optim = EvolutionOptim\n");
        assertHasProblem(failure(f), f + ":1: 'search.optim' must be an object with a 'type' naming the optim and its "
                + "arguments, got a string \"EvolutionOptim\"");
    }

    @Test
    void rejectsAStringWhereTheDefaultIsANumber() throws IOException {
        Path f = write("a.conf", "search.budget.candidates = \"many\"\n");
        assertHasProblem(failure(f), f + ":1: key 'search.budget.candidates' must be a number (default 100), "
                + "got a string \"many\"");
    }

    @Test
    void rejectsAListWhereAComponentArgumentIsANumber() throws IOException {
        Path f = write("a.conf", "search.optim { type = EvolutionOptim\n population_size = [1, 2] }\n");
        assertHasProblem(failure(f), f + ":2: key 'search.optim.population_size' must be a number (default 100), "
                + "got a list [1,2]");
    }

    @Test
    void rejectsANumberWhereTheDefaultIsAnObject() throws IOException {
        Path f = write("a.conf", "output = 3\n");
        assertHasProblem(failure(f), f + ":1: key 'output' must be an object (default {\"dir\":\"runs\"}), got a number 3");
    }

    @Test
    void acceptsANumberForAStringKeyAndAnythingForANullDefault() throws IOException {
        Path f = write("a.conf", "output.dir = 3\nrun.id = nightly\nsearch.budget.target_score = 0.9\n"
                + "search_space.arch_desc = [MB3E3, MB5E6]\n");
        Config c = loader.load(f).config();
        assertEquals("3", c.getString("output.dir"));
        assertEquals(List.of("MB3E3", "MB5E6"), c.getStringList("search_space.arch_desc"));
    }

    @Test
    void collectsEveryProblemSortedByLine() throws IOException {
        Path f = write("a.conf", "search.budget.seconds = soon\nrun.sed = 3\nsearch.optim.type = Nope\n");
        ConfigError e = failure(f, "output.folder=x");
        assertEquals(4, e.problems().size(), e.getMessage());
        assertTrue(e.problems().get(0).startsWith(f + ":1: key 'search.budget.seconds'"));
        assertTrue(e.problems().get(1).startsWith(f + ":2: unknown key 'run.sed' (did you mean 'seed'?)"));
        assertTrue(e.problems().get(2).startsWith(f + ":3: key 'search.optim.type': unknown optim 'Nope'"));
        assertEquals("command line: 'output.folder=x': unknown key 'output.folder'", e.problems().get(3));
        assertEquals(String.join("\n", e.problems()), e.getMessage());
    }

    @Test
    void readsIncludesRelativeToTheIncludingFile() throws IOException {
        write("conf/base/common.conf", "search.budget.candidates = 7\nrun.seed = 5\n");
        Path f = write("conf/base/main.conf", "include \"common.conf\"\nrun.seed = 9\n");
        Config c = loader.load(f).config();
        assertEquals(7, c.getInt("search.budget.candidates"));
        assertEquals(9, c.getInt("run.seed"));
    }

    @Test
    void namesTheIncludedFileWhenTheProblemIsThere() throws IOException {
        Path base = write("conf/base.conf", "run {\n  seed = 1\n  sede = 2\n}\n");
        Path f = write("conf/main.conf", "include \"base.conf\"\n");
        assertHasProblem(failure(f), base + ":3: unknown key 'run.sede' (did you mean 'seed'?)");
    }

    @Test
    void letsOverridesWinOverTheFileAndKeepsTheirTypes() throws IOException {
        Path f = write("a.conf", "search.budget.candidates = 10\nsearch.optim.type = EvolutionOptim\n");
        Config c = loader.load(f, List.of("search.budget.candidates=20", "search.optim.a_optim.betas=[0.1, 0.2]",
                "search.optim.a_optim={lr=0.5}", "search.budget.candidates = 30", "search.budget.target_score=0.75",
                "run.id=nightly-1")).config();
        assertEquals(ConfigValueType.NUMBER, c.getValue("search.budget.candidates").valueType());
        assertEquals(30, c.getInt("search.budget.candidates"));
        assertEquals(0.5, c.getDouble("search.optim.a_optim.lr"));
        assertEquals(List.of(0.1, 0.2), c.getDoubleList("search.optim.a_optim.betas"));
        assertEquals(0.75, c.getDouble("search.budget.target_score"));
        assertEquals("nightly-1", c.getString("run.id"));
    }

    @Test
    void takesAnOverrideThatIsNotHoconAsAPlainString() throws IOException {
        Path f = write("a.conf", "");
        Config c = loader.load(f, List.of("output.dir=hdfs://nn:8020/runs/a*b", "run.id=x")).config();
        assertEquals("hdfs://nn:8020/runs/a*b", c.getString("output.dir"));
        Config d = loader.load(f, List.of("output.dir=/data//runs", "run.id=a#1", "run.seed=${search.budget.seconds}")).config();
        assertEquals("/data//runs", d.getString("output.dir"));
        assertEquals("a#1", d.getString("run.id"));
        assertEquals(0, d.getInt("run.seed"));
        // a word followed by a list is no HOCON value (a string cannot concatenate with a list)
        Config e = loader.load(f, List.of("output.dir=local[2]", "run.id=local[*]")).config();
        assertEquals("local[2]", e.getString("output.dir"));
        assertEquals("local[*]", e.getString("run.id"));
    }

    @Test
    void namesTheArgumentOfAnOverrideWithAnUnknownKeyOrWrongType() throws IOException {
        Path f = write("a.conf", "search.optim.type = EvolutionOptim\n");
        ConfigError e = failure(f, "search.optim.x=3", "search.budget.candidates=lots");
        assertHasProblem(e, "command line: 'search.optim.x=3': unknown key 'search.optim.x'; optim 'EvolutionOptim' "
                + "accepts: a_optim, mutation_prob, population_size");
        assertHasProblem(e, "command line: 'search.budget.candidates=lots': key 'search.budget.candidates' must be "
                + "a number (default 100), got a string \"lots\"");
    }

    @Test
    void namesEveryMalformedOverride() throws IOException {
        Path f = write("a.conf", "");
        ConfigError e = failure(f, "novalue", "=3", "search.budget.candidates=[1, 2", "run.id=", "a..b=1");
        assertEquals(5, e.problems().size(), e.getMessage());
        assertHasProblem(e, "command line: 'novalue': expected key=value");
        assertHasProblem(e, "command line: '=3': expected key=value");
        assertTrue(e.problems().stream().anyMatch(p -> p.startsWith(
                "command line: 'search.budget.candidates=[1, 2': malformed value: ")), e.getMessage());
        assertHasProblem(e, "command line: 'run.id=': no value after '='");
        assertTrue(e.problems().stream().anyMatch(p -> p.startsWith("command line: 'a..b=1': 'a..b' is not a config key")),
                e.getMessage());
    }

    @Test
    void namesAMissingFile() {
        Path f = dir.resolve("nope.conf");
        ConfigError e = failure(f);
        assertEquals(List.of(f + ": config file not found"), e.problems());
    }

    @Test
    void namesAFolderGivenAsConfig() {
        assertEquals(List.of(dir + ": is a folder, not a config file"), failure(dir).problems());
    }

    @Test
    void namesFileAndLineOfASyntaxError() throws IOException {
        Path f = write("a.conf", "run {\n  seed = 1\n  id = [1, \n}\n");
        ConfigError e = failure(f);
        assertEquals(1, e.problems().size());
        assertTrue(e.getMessage().startsWith(f + ":4: syntax error: "), e.getMessage());
    }

    @Test
    void namesFileAndLineOfASubstitutionThatDoesNotResolve() throws IOException {
        Path f = write("a.conf", "run.seed = 1\nrun.id = ${run.name}\n");
        ConfigError e = failure(f);
        assertEquals(List.of(f + ":2: Could not resolve substitution to a value: ${run.name}"), e.problems());
    }

    @Test
    void resolvesSubstitutionsAcrossFileOverridesAndDefaults() throws IOException {
        Path f = write("a.conf", "run.id = \"r\"${run.seed}\nsearch.budget.candidates = ${search.budget.seconds}\n");
        Config c = loader.load(f, List.of("run.seed=42", "search.budget.seconds=12")).config();
        assertEquals("r42", c.getString("run.id"));
        assertEquals(12, c.getInt("search.budget.candidates"));
    }

    @Test
    void switchesOffAChainEntryGivenAsNull() throws IOException {
        Path f = write("a.conf", "search.export.default = null\n");
        LoadedConfig lc = loader.load(f);
        assertEquals(List.of(), lc.chain("search.export"));
    }

    @Test
    void validatesAConfigReadElsewhereTheSameWay() {
        Config fromOtherReader = ConfigFactory.parseString("search {\n optim { type = EvolutionOptim, popsize = 3 } }",
                ConfigParseOptions.defaults().setOriginDescription("conf/mbv2.yaml"));
        ConfigError e = assertThrows(ConfigError.class,
                () -> loader.load(fromOtherReader, "conf/mbv2.yaml", List.of()));
        assertTrue(e.getMessage().startsWith("conf/mbv2.yaml: 2: unknown key 'search.optim.popsize'"), e.getMessage());

        Config good = ConfigFactory.parseString("search.optim { type = EvolutionOptim, population_size = 3 }");
        LoadedConfig lc = loader.load(good, "conf/mbv2.yaml", List.of("run.seed=4"));
        assertEquals(3, lc.config().getInt("search.optim.population_size"));
        assertEquals(4, lc.config().getInt("run.seed"));
        assertEquals("mbv2", lc.name());
    }

    @Test
    void usesTheGlobalRegistryAndClassPathDefaultsByDefault() throws IOException {
        Path f = write("a.conf", "search.export.params { type = default_params_exporter, file = \"p.json\" }\n");
        LoadedConfig lc = new ConfigLoader().load(f);
        assertEquals("p.json", lc.config().getString("search.export.params.file"));
        Path bad = write("b.conf", "search.export.params { type = DefaultParamsExporter, fiel = \"p.json\" }\n");
        ConfigError e = assertThrows(ConfigError.class, () -> new ConfigLoader().load(bad));
        assertHasProblem(e, bad + ":1: unknown key 'search.export.params.fiel' (did you mean 'file'?); "
                + "export 'DefaultParamsExporter' accepts: file");
    }

    @Test
    void rendersASelfContainedConfigThatReadsBackToTheSameHash() throws IOException {
        Path f = write("a.conf", "# a comment\nrun.id = \"r\"${run.seed}\nsearch.estim.s { type = DefaultEstimator }\n");
        LoadedConfig lc = loader.load(f, List.of("run.seed=3"));
        String text = lc.render();
        assertTrue(text.contains("r3"), text);
        assertTrue(!text.contains("${"), text);
        Path copy = write("copy.conf", text);
        LoadedConfig again = loader.load(copy);
        assertEquals(lc.configHash(), again.configHash());
        assertEquals(lc.config().root().unwrapped(), again.config().root().unwrapped());
    }

    @Test
    void hashesEqualConfigsEquallyAndDifferentOnesDifferently() throws IOException {
        Path a = write("a.conf", "run { seed = 3, id = x }\nsearch.budget.candidates = 5\n");
        Path b = write("b.conf", "# same values, other order and layout\nsearch { budget { candidates = 5 } }\n"
                + "run.id = x\nrun.seed = 3\n");
        Path c = write("c.conf", "run { seed = 4, id = x }\nsearch.budget.candidates = 5\n");
        String ha = loader.load(a).configHash();
        assertEquals(64, ha.length());
        assertTrue(ha.matches("[0-9a-f]+"));
        assertEquals(ha, loader.load(b).configHash());
        assertTrue(!ha.equals(loader.load(c).configHash()));
        assertEquals(ha, loader.load(a, List.of()).configHash());
    }

    @Test
    void readsJsonConfigs() throws IOException {
        Path f = write("a.json", "{\"run\": {\"seed\": 8}}");
        assertEquals(8, loader.load(f).config().getInt("run.seed"));
    }

    @Test
    void refusesNumbersOutsideTheirRangeNamingFileLineKeyAndRange() throws IOException {
        Path f = write("a.conf", "search.budget {\n  candidates = 0\n}\nsearch.optim { type = EvolutionOptim\n"
                + "  mutation_prob = 1.5 }\n");
        ConfigError e = failure(f, "search.budget.seconds=-1");
        assertHasProblem(e, f + ":2: search.budget.candidates must be >= 1, got 0");
        assertHasProblem(e, f + ":5: search.optim.mutation_prob must be in [0, 1], got 1.5");
        assertHasProblem(e, "command line: 'search.budget.seconds=-1': search.budget.seconds must be >= 0, got -1");
    }

    @Test
    void refusesAnIncludeOfAMissingFileNamingIt() throws IOException {
        Path f = write("a.conf", "include \"include/space.conf\"\nsearch.budget.candidates = 3\n");
        ConfigError e = failure(f);
        assertTrue(e.getMessage().contains("space.conf"), e.getMessage());
        assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
    }

    @Test
    void theWireTextKeepsEveryChainInWrittenOrderWhenParsedBack() throws IOException {
        // written order z, m, a: name order would run them a, m, z
        Path f = write("a.conf", "search.estim {\n  z_first { type = DefaultEstimator }\n  m_second { type = SubNetEstimator }\n"
                + "  a_third { type = DefaultEstimator, epochs = 2 }\n  off = null\n}\n");
        LoadedConfig loaded = loader.load(f);
        List<String> written = loaded.chain("search.estim").stream().map(ConfigChains.Entry::name).toList();
        assertEquals(List.of("z_first", "m_second", "a_third"), written);
        Config parsed = ConfigFactory.parseString(loaded.wireText());
        assertEquals(written, ConfigChains.entries(parsed, "search.estim").stream().map(ConfigChains.Entry::name).toList());
        assertEquals(2, parsed.getInt("search.estim.a_third.epochs"));
        assertEquals(loaded.configHash(), LoadedConfig.hashOf(parsed.resolve()));
        // a plain one-line rendering loses the order: every entry sits on line 1
        Config oneLine = ConfigFactory.parseString(loaded.config().root().render(
                com.typesafe.config.ConfigRenderOptions.concise()));
        assertEquals(List.of("a_third", "m_second", "z_first"),
                ConfigChains.entries(oneLine, "search.estim").stream().map(ConfigChains.Entry::name).toList());
    }

    @Test
    void searchDifferencesNameChangedSettingsButNotBudgetOrNewDefaults() throws IOException {
        Path f = write("a.conf", "search.optim { type = EvolutionOptim, population_size = 20 }\nsearch.budget.candidates = 5\n");
        LoadedConfig before = loader.load(f);
        LoadedConfig now = loader.load(f, List.of("search.optim.population_size=30", "search.budget.candidates=50"));
        assertEquals(List.of("search.optim.population_size: 20.0 -> 30.0"), now.searchDifferences(before.config()));
        assertEquals(List.of(), loader.load(f, List.of("search.budget.candidates=50")).searchDifferences(before.config()));
        Config older = before.config().withoutPath("search.optim.mutation_prob"); // a setting added since
        assertEquals(List.of(), before.searchDifferences(older));
    }
}
