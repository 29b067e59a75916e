package org.modnas.core.optim;

import com.typesafe.config.Config;
import org.modnas.core.arch.ArchSpace;
import org.modnas.core.registry.ComponentProvider;
import org.modnas.core.registry.ComponentSpec;
import org.modnas.core.registry.Registry;

/**
 * Registers the discrete optimizers under their config names and aliases, with every
 * argument's default. Each factory reads snake_case keys from its config section and needs the
 * {@link ArchSpace} in the build context.
 */
public final class OptimComponents implements ComponentProvider {
    @Override
    public void register(Registry registry) {
        registry.registerSlot("search.optim", Optimizer.KIND);
        registry.register(ComponentSpec.builder(Optimizer.KIND, RandomSearchOptim.NAME)
                .aliases("RandomSearch", "Random")
                .defaults("seed = 1")
                .description("uniform over not-yet-proposed points; seeded")
                .factory(args -> new RandomSearchOptim(args.require(ArchSpace.class), args.config().getLong("seed"))));
        registry.register(ComponentSpec.builder(Optimizer.KIND, GridSearchOptim.NAME)
                .aliases("GridSearch", "Grid")
                .defaults("seed = 1")
                .description("every point in mixed-radix index order")
                .factory(args -> new GridSearchOptim(args.require(ArchSpace.class), args.config().getLong("seed"))));
        registry.register(ComponentSpec.builder(Optimizer.KIND, EvolutionOptim.NAME)
                .aliases("Evolution", "GeneticOptim", "Genetic")
                .defaults("population_size = 100, n_parents = 2, n_select = 10, n_eliminate = 1, "
                        + "mutation_prob = 0.01, seed = 1")
                .ranges("population_size", ">= 1", "n_parents", ">= 1", "n_select", ">= 1", "n_eliminate", ">= 0",
                        "mutation_prob", "[0, 1]")
                .description("generation-based genetic search: truncation selection, uniform crossover, per-gene mutation")
                .factory(args -> {
                    Config c = args.config();
                    return new EvolutionOptim(args.require(ArchSpace.class), new EvolutionOptim.Settings(
                            c.getInt("population_size"), c.getInt("n_parents"), c.getInt("n_select"),
                            c.getInt("n_eliminate"), c.getDouble("mutation_prob")), c.getLong("seed"));
                }));
        registry.register(ComponentSpec.builder(Optimizer.KIND, RegularizedEvolutionOptim.NAME)
                .aliases("RegularizedEvolution", "AgingEvolution")
                .defaults("population_size = 100, sample_size = 25, seed = 1")
                .ranges("population_size", ">= 1", "sample_size", ">= 1")
                .description("aging evolution (Real et al. 2019): mutate the best of a sample, the oldest dies")
                .factory(args -> {
                    Config c = args.config();
                    return new RegularizedEvolutionOptim(args.require(ArchSpace.class), c.getInt("population_size"),
                            c.getInt("sample_size"), c.getLong("seed"));
                }));
        registry.register(ComponentSpec.builder(Optimizer.KIND, REINFORCEOptim.NAME)
                .aliases("REINFORCE")
                .defaults("batch_size = 10, lr = 0.1, beta1 = 0.9, beta2 = 0.999, baseline_decay = 0.99, "
                        + "entropy_weight = 0, seed = 1")
                .ranges("batch_size", ">= 1", "lr", "> 0", "beta1", "[0, 1)", "beta2", "[0, 1)", "baseline_decay", "[0, 1]",
                        "entropy_weight", ">= 0")
                .description("softmax policy per param, moving-average baseline, Adam on the logits")
                .factory(args -> {
                    Config c = args.config();
                    return new REINFORCEOptim(args.require(ArchSpace.class), new REINFORCEOptim.Settings(
                            c.getInt("batch_size"), c.getDouble("lr"), c.getDouble("beta1"), c.getDouble("beta2"),
                            c.getDouble("baseline_decay"), c.getDouble("entropy_weight")), c.getLong("seed"));
                }));
    }
}
