package org.modnas.core.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modnas.core.config.ConfigError;
import org.modnas.core.config.ConfigLoader;
import org.modnas.core.objective.Objective;

/**
 * A user's jar, compiled in the test and absent from its class path: its provider's components are
 * unknown until the jar is given (as {@code jars} in a config or through {@link UserJars#load}), then
 * built by name like the project's own; a bad jar is refused naming it.
 */
class UserJarsTest {
    private static final String PROVIDER = """
            package my.objective;
            import java.util.List;
            import java.util.Map;
            import org.modnas.core.objective.Objective;
            import org.modnas.core.registry.*;
            public final class MyProvider implements ComponentProvider {
                public void register(Registry r) {
                    r.register(ComponentSpec.builder(Objective.KIND, "HalfAccuracy").defaults("factor = 0.5")
                            .factory(a -> new Half(a.config().getDouble("factor"))));
                }
                static final class Half implements Objective {
                    final double f;
                    Half(double f) { this.f = f; }
                    public double score(Map<String, Double> m) { return f * Objective.value(m, "accuracy"); }
                    public List<String> metrics() { return List.of("accuracy"); }
                }
            }
            """;

    static Path userJar(Path dir, String name) {
        return JarCompiler.jar(dir, name, Map.of("my/objective/MyProvider.java", PROVIDER.replace("my.objective", "my." + name)
                        .replace("HalfAccuracy", "Half" + name)),
                Map.of("META-INF/services/" + ComponentProvider.class.getName(), "my." + name + ".MyProvider\n"));
    }

    private static ConfigLoader loaderWithCore(Registry r) {
        new org.modnas.core.optim.OptimComponents().register(r);
        new org.modnas.core.objective.ObjectiveComponents().register(r);
        return new ConfigLoader(r);
    }

    @Test
    void aConfigsJarsAreLoadedBeforeItIsCheckedSoItsComponentsAreKnown(@TempDir Path dir) {
        Path jar = userJar(dir, "cfg");
        Registry r = new Registry();
        ConfigLoader loader = loaderWithCore(r);
        ConfigError unknown = assertThrows(ConfigError.class, () -> loader.load(
                ConfigFactory.parseString("search.objective { type = Halfcfg }"), "x.conf", List.of()));
        assertTrue(unknown.getMessage().contains("If 'Halfcfg' comes from your own jar, give the jar with --jars"),
                unknown.getMessage());
        var loaded = loader.load(ConfigFactory.parseString("jars = [\"" + jar + "\"]\nsearch.objective { type = Halfcfg, factor = 0.25 }"),
                "x.conf", List.of());
        Objective o = r.build(Objective.KIND, loaded.config().getConfig("search.objective"), Map.of());
        assertEquals(0.2, o.score(Map.of("accuracy", 0.8)), 1e-12);
        assertNotSame(UserJarsTest.class.getClassLoader(), o.getClass().getClassLoader(), "the class came from the jar");
        assertTrue(UserJars.loaded().contains(jar.toAbsolutePath()), "recorded, to be shipped to executors");
    }

    @Test
    void theGlobalRegistryFindsProvidersThroughTheCallersContextClassLoader(@TempDir Path dir) throws Exception {
        Path jar = userJar(dir, "ctx");
        Thread t = Thread.currentThread();
        ClassLoader before = t.getContextClassLoader();
        try (java.net.URLClassLoader sparkLike = new java.net.URLClassLoader(new java.net.URL[] {jar.toUri().toURL()}, before)) {
            assertTrue(!Registry.global().contains(Objective.KIND, "Halfctx"));
            // an executor's task thread: Spark's loader of spark.jars is its context class loader
            t.setContextClassLoader(sparkLike);
            assertTrue(Registry.global().contains(Objective.KIND, "Halfctx"));
            // a second loader listing the same provider class registers nothing twice
            try (java.net.URLClassLoader again = new java.net.URLClassLoader(new java.net.URL[] {jar.toUri().toURL()}, before)) {
                t.setContextClassLoader(again);
                assertTrue(Registry.global().contains(Objective.KIND, "Halfctx"));
            }
        } finally {
            t.setContextClassLoader(before);
        }
    }

    @Test
    void aMissingFileOrAFileThatIsNoJarIsRefusedNamingItAndTheConfigLine(@TempDir Path dir) throws Exception {
        Path notJar = Files.writeString(dir.resolve("notes.jar"), "not a zip");
        Registry r = new Registry();
        ConfigError e = assertThrows(ConfigError.class, () -> loaderWithCore(r).load(ConfigFactory.parseString(
                "jars = [\"" + dir.resolve("missing.jar") + "\", \"" + notJar + "\"]", 
                com.typesafe.config.ConfigParseOptions.defaults().setOriginDescription("my.conf")), "my.conf", List.of()));
        assertTrue(e.getMessage().contains("jars: '" + dir.resolve("missing.jar") + "' does not exist"), e.getMessage());
        assertTrue(e.getMessage().contains("'" + notJar + "' is not a jar"), e.getMessage());
        ConfigError type = assertThrows(ConfigError.class, () -> loaderWithCore(new Registry()).load(
                ConfigFactory.parseString("jars = 3"), "my.conf", List.of()));
        assertTrue(type.getMessage().contains("jars: expected a list of jar paths"), type.getMessage());
    }

    @Test
    void theJarsOptionIsTakenOutOfCommandLineArguments() {
        List<String> args = new ArrayList<>(List.of("conf/a.conf", "--jars", "a.jar,b.jar", "x=1", "--jars=c.jar"));
        assertEquals(List.of("a.jar", "b.jar", "c.jar"), UserJars.takeOption(args));
        assertEquals(List.of("conf/a.conf", "x=1"), args);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> UserJars.takeOption(new ArrayList<>(List.of("--jars"))));
        assertTrue(e.getMessage().contains("--jars needs"), e.getMessage());
    }
}
