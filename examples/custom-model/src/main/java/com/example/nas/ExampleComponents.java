package com.example.nas;

import com.typesafe.config.Config;
import org.modnas.core.arch.ArchSpace;
import org.modnas.core.estim.Estimator;
import org.modnas.core.objective.Objective;
import org.modnas.core.optim.Optimizer;
import org.modnas.core.registry.ComponentProvider;
import org.modnas.core.registry.ComponentSpec;
import org.modnas.core.registry.Registry;
import org.modnas.models.ModelsComponents;
import org.modnas.models.data.DataSource;
import org.modnas.models.space.Slot;

/**
 * Registers this example's components by name, one of every kind config can create. Listed in
 * {@code META-INF/services/org.modnas.core.registry.ComponentProvider}, so the registry finds it
 * in the jar on the driver and on every executor. Each {@code defaults} string lists every
 * argument the component accepts; config giving any other is refused, naming it.
 */
public final class ExampleComponents implements ComponentProvider {
    @Override
    public void register(Registry r) {
        r.register(ComponentSpec.builder(ModelsComponents.MODEL, "StripeNet")
                .defaults("n_classes = 8, chn_in = 1, width = 8, stages = 3, blocks = 2")
                .description("example: stem, stages of searchable blocks, classifier")
                .factory(a -> StripeNet.build(a.config())));
        r.register(ComponentSpec.builder(ModelsComponents.PRIMITIVE, "SHUF3")
                .description("example: grouped 1x1, channel shuffle, depthwise 3x3, grouped 1x1")
                .factory(a -> ShuffleConv.of(a.require(Slot.class))));
        r.register(ComponentSpec.builder(ModelsComponents.CONSTRUCTOR, "PinSlotsConstructor")
                .defaults("slots = [], op = NC3")
                .description("example: builds the named slots as one fixed primitive")
                .factory(a -> new PinSlotsConstructor(a.config().getStringList("slots"), a.config().getString("op"))));
        r.register(ComponentSpec.builder(Estimator.KIND, "EfficiencyEstimator")
                .defaults(EfficiencyEstimator.DEFAULTS)
                .description("example: SubNetEstimator's training and validation, plus accuracy per million MACs")
                .factory(a -> new EfficiencyEstimator(a.require(Config.class), a.config())));
        r.register(ComponentSpec.builder(Objective.KIND, "MacBudgetObjective")
                .defaults(MacBudgetObjective.DEFAULTS)
                .description("example: accuracy less a penalty per doubling of MACs above a target")
                .factory(a -> new MacBudgetObjective(a.config().getDouble("target_macs"), a.config().getDouble("penalty"))));
        r.register(ComponentSpec.builder(Optimizer.KIND, HillClimbOptim.NAME)
                .defaults(HillClimbOptim.DEFAULTS)
                .description("example: random candidates, then one-slot mutations of the best")
                .factory(a -> new HillClimbOptim(a.require(ArchSpace.class), a.config().getLong("seed"),
                        a.config().getInt("init_random"))));
        r.register(ComponentSpec.builder(DataSource.KIND, "Stripes")
                .defaults(StripesDataset.DEFAULTS)
                .description("example: seeded images of stripes, 8 classes of orientation and spacing")
                .factory(a -> new StripesDataset(a.config())));
    }
}
