package org.modnas.models.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.modnas.core.arch.ArchDesc;
import org.modnas.core.config.ConfigChains;
import org.modnas.core.config.ConfigError;
import org.modnas.core.config.ConfigLoader;
import org.modnas.core.config.LoadedConfig;
import org.modnas.core.config.VegaYamlReader;
import org.modnas.core.registry.Kind;
import org.modnas.core.registry.Registry;
import org.modnas.models.space.SearchSpace;
import org.modnas.models.space.Spaces;

/**
 * The ports of the original example YAMLs under {@code conf/vega/} load through the same validation
 * as HOCON configs. Those naming components not implemented yet must fail only on those names; once
 * a name is registered it drops out of the expected failures, and with none left the file must load.
 */
class VegaConfigsTest {
    private static final Pattern UNKNOWN_COMPONENT = Pattern.compile(
            "^conf/vega/\\w+\\.yml:\\d+: key '[^']+\\.type': unknown \\w+ '([^']+)'.*");
    private static final List<String> SIX = List.of("MB3E3", "MB3E6", "MB5E3", "MB5E6", "MB7E3", "MB7E6");

    private final ConfigLoader loader = new ConfigLoader();

    /** {@code conf/vega/<name>}, found from the module folder the tests run in. */
    private static Path port(String name) {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path f = d.resolve("conf/vega").resolve(name);
            if (Files.isRegularFile(f)) {
                return f;
            }
        }
        throw new AssertionError("conf/vega/" + name + " not found above " + Path.of("").toAbsolutePath());
    }

    private static Config mapped(String name) {
        return new VegaYamlReader().read(port(name));
    }

    /** The port mapped with messages and origins naming it {@code conf/vega/<name>}, as when run from the project folder. */
    private static Config readShort(String name) throws IOException {
        return new VegaYamlReader().read(Files.readString(port(name)), "conf/vega/" + name);
    }

    private static boolean registered(String name) {
        Registry r = Registry.global();
        for (Kind<?> k : r.slots().values()) {
            if (r.contains(k, name)) {
                return true;
            }
        }
        return false;
    }

    /** Validating {@code name} fails exactly on the still-unregistered names among {@code pending}, or succeeds when none is left. */
    private void assertFailsOnlyOn(String name, Set<String> pending) throws IOException {
        Set<String> expected = new TreeSet<>();
        for (String p : pending) {
            if (!registered(p)) {
                expected.add(p);
            }
        }
        Config mapped = readShort(name);
        if (expected.isEmpty()) {
            loader.load(mapped, "conf/vega/" + name, List.of());
            return;
        }
        ConfigError e = assertThrows(ConfigError.class, () -> loader.load(mapped, "conf/vega/" + name, List.of()));
        Set<String> unknown = new TreeSet<>();
        for (String p : e.problems()) {
            Matcher m = UNKNOWN_COMPONENT.matcher(p);
            assertTrue(m.matches(), () -> "a problem other than an unknown component name: " + p);
            unknown.add(m.group(1));
        }
        assertEquals(expected, unknown);
    }

    @Test
    void mbv2LoadsAndValidatesCompletely() {
        Config c = loader.loadAny(port("mbv2.yml"), List.of()).config();
        assertEquals(Map.of("type", "CIFAR_MobileNetV2_GPU", "n_classes", 10), c.getObject("search_space.model").unwrapped());
        assertEquals("MobileNetV2PredefinedConstructor", c.getString("search_space.desc_construct.predefined.type"));
        assertTrue(c.getObject("search_space.construct").isEmpty());
        assertEquals(Map.of("type", "CIFAR10", "root", "/cache/datasets/cifar10"), c.getObject("data.dataset").unwrapped());
        assertEquals(64, c.getInt("data.batch_size"));
        assertEquals(1.0, c.getDouble("data.train_portion"));
        assertEquals(1, c.getInt("trainer.epochs"));
        assertEquals(0.025, c.getDouble("trainer.lr"));
        assertEquals(0.9, c.getDouble("trainer.momentum"));
        assertEquals(3e-4, c.getDouble("trainer.weight_decay"));
        assertEquals(0.0, c.getDouble("trainer.eta_min"));
    }

    @Test
    void mbv2BuildsThePublishedNetworkLikeTheHoconPort() throws IOException {
        Config mapped = readShort("mbv2.yml").withoutPath("data.dataset")
                .withFallback(ConfigFactory.parseString("data.dataset { type = Synthetic, channels = 3, size = 32 }"));
        LoadedConfig loaded = loader.load(mapped, "conf/vega/mbv2.yml", List.of("data.limit_train=64"));
        assertEquals("mbv2", loaded.name());
        SearchSpace net = Spaces.buildFromDesc(loaded.config().getConfig("search_space"), Registry.global(), 1, null);
        ArchDesc desc = net.exportDesc();
        assertEquals(22, desc.size());
        assertEquals("MB3E1", desc.values().get(0));
        assertEquals("MB3E6", desc.values().get(21));

        Path hocon = port("mbv2.yml").getParent().getParent().resolve("mbv2.conf");
        Config fromHocon = loader.load(hocon, List.of()).config();
        ArchDesc same = Spaces.buildFromDesc(fromHocon.getConfig("search_space"), Registry.global(), 1, null).exportDesc();
        assertEquals(same.values(), desc.values());
    }

    @Test
    void dartsMapsAndLoadsCompletely() throws IOException {
        Config c = mapped("darts.yml");
        assertEquals(Map.of("type", "DefaultMixedOpConstructor", "mixed_op", "SoftmaxSumMixedOp", "candidates", SIX),
                c.getObject("search_space.construct.mixed_op").unwrapped());
        assertEquals("DARTSOptim", c.getString("search.optim.type"));
        assertEquals(Map.of("type", "SuperNetEstim", "epochs", 1), c.getObject("search.estim.search").unwrapped());
        assertEquals(0.5, c.getDouble("data.train_portion"), "the search step's portion wins over fully_train's");
        assertEquals(0.001, c.getDouble("trainer.eta_min"));
        assertEquals(1, c.getInt("trainer.epochs"));
        assertFailsOnlyOn("darts.yml", Set.of("DARTSOptim"));
    }

    @Test
    void pxlMapsAndLoadsCompletely() throws IOException {
        Config c = mapped("pxl.yml");
        assertEquals(Map.of("type", "DefaultMixedOpConstructor", "mixed_op", "BinaryGateMixedOp", "candidates", SIX),
                c.getObject("search_space.construct.mixed_op").unwrapped());
        assertEquals("BinaryGateOptim", c.getString("search.optim.type"));
        assertEquals(256, c.getInt("data.batch_size"));
        assertEquals(0.8, c.getDouble("data.train_portion"));
        assertFailsOnlyOn("pxl.yml", Set.of("BinaryGateOptim"));
    }

    @Test
    void psMapsAndLoadsCompletely() throws IOException {
        Config c = mapped("ps.yml");
        assertEquals("MobileNetV2PredefinedConstructor", c.getString("search_space.construct.predefined.type"));
        assertEquals("MobileNetV2ElasticConstructor", c.getString("search_space.construct.elastic.type"));
        assertEquals("MobileNetV2ArchDescConstructor", c.getString("search_space.desc_construct.arch_desc.type"));
        assertEquals("EvolutionOptim", c.getString("search.optim.type"));
        assertEquals("MobileNetV2ElasticArchDescExporter", c.getString("search.export.default.type"));
        assertEquals(Map.of("type", "DefaultEstim"), c.getObject("search.estim.teacher").unwrapped());
        assertEquals(1, c.getInt("trainer.epochs"), "the teacher's epochs");
        assertEquals(Map.of("type", "SubNetEstim", "subnet_epochs", 0, "num_bn_batch", 200),
                c.getObject("search.estim.search").unwrapped());
        assertEquals(3, c.getInt("search.budget.candidates"), "SubNetEstim: one candidate per epoch");
        Config ps = c.getConfig("search.estim.ps");
        assertEquals(2, ps.getInt("n_subnet_batch"));
        assertEquals(4, ps.getList("stages").size());
        assertEquals(0.5, ps.getDouble("kd_ratio"), "KnowledgeDistillLoss with its default ratio");
        assertFalse(ps.hasPath("criterion") || ps.hasPath("teacher_checkpoint"),
                "the teacher is the full network the teacher entry trains and hands on (its checkpoint path names it)");
        assertFalse(ps.hasPath("save_arch_desc") || ps.hasPath("save_freq"), "ignored keys are dropped");
        List<String> order = ConfigChains.entries(c, "search.estim", List.of(port("ps.yml").toString())).stream()
                .map(ConfigChains.Entry::name).toList();
        assertEquals(List.of("teacher", "ps", "search"), order, "estimators run in the order written");
        assertFailsOnlyOn("ps.yml", Set.of("MobileNetV2ElasticConstructor", "MobileNetV2ArchDescConstructor",
                "MobileNetV2ElasticArchDescExporter", "ProgressiveShrinkingEstim"));
    }

    @Test
    void dartsSearchSpaceBuildsTheSupernet() throws IOException {
        Config ss = readShort("darts.yml").withFallback(loader.reference()).resolve().getConfig("search_space");
        SearchSpace net = Spaces.build(ss, Registry.global(), 1);
        assertEquals(22, net.mixedOps().size(), "every slot of the GPU variant is a mixed op");
        assertEquals(22, net.tensorParams().size(), "each with its own alpha");
    }
}
