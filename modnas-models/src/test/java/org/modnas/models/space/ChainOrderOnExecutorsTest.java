package org.modnas.models.space;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.Shape;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modnas.core.arch.ArchDesc;
import org.modnas.core.arch.ArchSpace;
import org.modnas.core.config.ConfigLoader;
import org.modnas.core.config.LoadedConfig;
import org.modnas.core.registry.Registry;
import org.modnas.models.metrics.ModelStats;

/**
 * An executor builds the network the driver built: the config an executor receives ({@link
 * LoadedConfig#wireText()}) runs a chain of two constructors in the order the file wrote them, not
 * in the order of their names.
 */
class ChainOrderOnExecutorsTest {
    @TempDir
    Path dir;

    @Test
    void aTwoConstructorChainBuildsTheSameNetworkFromTheExecutorsCopyOfTheConfig() throws IOException {
        // written order: mixed ops first, then a fixed op for any slot left (none). Name order would fix every slot first.
        Path file = Files.writeString(dir.resolve("two.conf"), """
                search_space {
                  model { type = CIFAR_MobileNetV2, chn_in = 1, width_coeff = 0.25, depth_coeff = 0.5 }
                  construct {
                    z_mixed { type = DefaultMixedOpConstructor, mixed_op = Index, primitives = [MB3E3, MB5E6] }
                    a_fixed { type = DefaultOpConstructor, op = MB3E1 }
                  }
                }
                """);
        LoadedConfig loaded = new ConfigLoader().load(file);
        SearchSpace driver = build(loaded.config());
        SearchSpace executor = build(ConfigFactory.parseString(loaded.wireText()));
        ArchSpace space = driver.archSpace();
        assertTrue(space.dimension() > 0, "the mixed-op constructor ran first on the driver");
        assertEquals(space.names(), executor.archSpace().names());
        ArchDesc desc = space.desc(space.sample(new org.modnas.core.util.Rng(3)));
        driver.select(desc);
        executor.select(desc);
        Shape input = new Shape(1, 28, 28);
        ModelStats a = driver.stats(input);
        ModelStats b = executor.stats(input);
        assertEquals(a, b);
        // the one-line rendering executors used to get runs the chain by name: a different network
        Config oneLine = ConfigFactory.parseString(loaded.config().root().render(ConfigRenderOptions.concise()));
        assertEquals(0, build(oneLine).archSpace().dimension());
        assertEquals(List.of(), build(oneLine).archSpace().names());
    }

    private static SearchSpace build(Config root) {
        return Spaces.build(root.getConfig("search_space"), Registry.global(), 1);
    }
}
