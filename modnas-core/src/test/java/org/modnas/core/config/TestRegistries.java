package org.modnas.core.config;

import org.modnas.core.export.ExportComponents;
import org.modnas.core.optim.Optimizer;
import org.modnas.core.registry.ComponentSpec;
import org.modnas.core.registry.Kind;
import org.modnas.core.registry.Registry;

/** A registry with a few stand-in components in the slots the config tests use. */
final class TestRegistries {
    static final Kind<Object> ESTIM = Kind.of("estim", Object.class);

    private TestRegistries() {
    }

    static Registry withComponents() {
        Registry r = new Registry();
        r.registerSlot("search.optim", Optimizer.KIND);
        r.registerSlot("search.estim.*", ESTIM);
        r.register(ComponentSpec.builder(Optimizer.KIND, "RandomSearchOptim")
                .defaults("seed = null").factory(a -> new Optimizer() { }));
        r.register(ComponentSpec.builder(Optimizer.KIND, "EvolutionOptim")
                .defaults("population_size = 100, mutation_prob = 0.01, a_optim { lr = 0.001, betas = [0.5, 0.999] }")
                .ranges("population_size", ">= 1", "mutation_prob", "[0, 1]")
                .factory(a -> new Optimizer() { }));
        r.register(ComponentSpec.builder(ESTIM, "DefaultEstimator").aliases("DefaultEstim")
                .defaults("epochs = 1").factory(a -> a.config()));
        r.register(ComponentSpec.builder(ESTIM, "SubNetEstimator").aliases("SubNetEstim")
                .defaults("epochs = 1, num_bn_batch = 100").factory(a -> a.config()));
        r.registerRange("search.budget.candidates", ">= 1");
        r.registerRange("search.budget.seconds", ">= 0");
        new ExportComponents().register(r);
        return r;
    }
}
