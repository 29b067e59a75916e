package org.modnas.core.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.modnas.core.arch.ArchSpace;
import org.modnas.core.registry.Registry;

class OptimComponentsTest {
    private static final ArchSpace SPACE = OptimTesting.slotSpace(4, 3);

    private static Optimizer build(String name, String args) {
        return Registry.global().build(Optimizer.KIND, name, ConfigFactory.parseString(args), Map.of(ArchSpace.class, SPACE));
    }

    @Test
    void everyNameAndAliasBuildsItsOptimizer() {
        Map<Class<?>, List<String>> names = Map.of(
                RandomSearchOptim.class, List.of("RandomSearchOptim", "RandomSearch", "Random", "random_search"),
                GridSearchOptim.class, List.of("GridSearchOptim", "GridSearch", "Grid", "grid-search-optim"),
                EvolutionOptim.class, List.of("EvolutionOptim", "Evolution", "GeneticOptim", "Genetic"),
                RegularizedEvolutionOptim.class, List.of("RegularizedEvolutionOptim", "RegularizedEvolution", "AgingEvolution",
                        "aging_evolution"),
                REINFORCEOptim.class, List.of("REINFORCEOptim", "REINFORCE", "reinforce"));
        names.forEach((type, ns) -> ns.forEach(n -> assertInstanceOf(type, build(n, ""), n)));
    }

    @Test
    void defaultsMatchTheSpec() {
        EvolutionOptim e = (EvolutionOptim) build("Evolution", "");
        assertEquals(new EvolutionOptim.Settings(100, 2, 10, 1, 0.01), e.settings());
        RegularizedEvolutionOptim r = (RegularizedEvolutionOptim) build("AgingEvolution", "");
        assertEquals(100, r.populationSize());
        assertEquals(25, r.sampleSize());
        assertEquals(REINFORCEOptim.Settings.defaults(), ((REINFORCEOptim) build("REINFORCE", "")).settings());
    }

    @Test
    void seedFromConfigMakesTheSearchReproducible() {
        DiscreteOptimizer a = (DiscreteOptimizer) build("Random", "seed = 5");
        DiscreteOptimizer b = (DiscreteOptimizer) build("Random", "seed = 5");
        DiscreteOptimizer c = (DiscreteOptimizer) build("Random", "");
        assertEquals(OptimTesting.show(a.propose(10)), OptimTesting.show(b.propose(10)));
        assertEquals(OptimTesting.show(new RandomSearchOptim(SPACE, 1).propose(10)), OptimTesting.show(c.propose(10)));
    }

    @Test
    void argumentsOverDefaultsReachTheOptimizer() {
        RegularizedEvolutionOptim r = (RegularizedEvolutionOptim) build("RegularizedEvolution", "population_size = 30, sample_size = 10");
        assertEquals(30, r.populationSize());
        assertEquals(10, r.sampleSize());
        EvolutionOptim e = (EvolutionOptim) build("Genetic", "population_size = 20, n_select = 5, mutation_prob = 0.1");
        assertEquals(new EvolutionOptim.Settings(20, 2, 5, 1, 0.1), e.settings());
    }

    @Test
    void badArgumentsNameTheKeyAndValue() {
        assertMessage("population_size must be >= 1, got 0", "Evolution", "population_size = 0");
        assertMessage("sample_size (200) must not exceed population_size (100)", "RegularizedEvolution", "sample_size = 200");
        assertMessage("mutation_prob must be in [0, 1], got -0.5", "Evolution", "mutation_prob = -0.5");
        assertMessage("batch_size must be >= 1, got -3", "REINFORCE", "batch_size = -3");
        assertMessage("lr must be a positive number, got 0.0", "REINFORCE", "lr = 0");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> build("Evolution", "pop_size = 10"));
        assertTrue(e.getMessage().contains("has no argument 'pop_size'"), e.getMessage());
    }

    @Test
    void needsADiscreteSpace() {
        ArchSpace continuous = ArchSpace.of(org.modnas.core.arch.Numeric.ofDouble("lr", 0, 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new RandomSearchOptim(continuous, 1));
        assertTrue(e.getMessage().startsWith("RandomSearchOptim needs a discrete arch space"), e.getMessage());
        IllegalStateException s = assertThrows(IllegalStateException.class,
                () -> Registry.global().build(Optimizer.KIND, "Random", ConfigFactory.empty(), Map.of()));
        assertEquals("component 'RandomSearchOptim' cannot be built without its ArchSpace", s.getMessage());
    }

    private static void assertMessage(String expected, String name, String args) {
        assertEquals(expected, assertThrows(IllegalArgumentException.class, () -> build(name, args)).getMessage());
    }
}
