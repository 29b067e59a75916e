package org.modnas.core.schedule;

import com.typesafe.config.Config;
import org.modnas.core.estim.Fidelity;
import org.modnas.core.registry.ComponentProvider;
import org.modnas.core.registry.ComponentSpec;
import org.modnas.core.registry.Registry;

/**
 * Registers the multi-fidelity schedulers of {@code search.scheduler} (and {@code AllRungs}, which
 * stops nothing but records every rung). Each takes the rungs'
 * {@code min_resource}, {@code max_resource}, {@code reduction_factor} (η) and what the resource
 * counts ({@code resource = steps | epochs} of the candidate estimator's training); successive
 * halving and ASHA also take {@code early_stopping_rate} (s), Hyperband the {@code seed} its bracket
 * draw follows.
 */
public final class SchedulerComponents implements ComponentProvider {
    private static final String RUNGS = "min_resource = 50, max_resource = 450, reduction_factor = 3, resource = steps";

    @Override
    public void register(Registry registry) {
        registry.registerSlot("search.scheduler", TrialScheduler.KIND);
        registry.register(ComponentSpec.builder(TrialScheduler.KIND, SuccessiveHalvingScheduler.NAME)
                .aliases("SuccessiveHalvingScheduler", "SuccessiveHalvingPruner", "SHA")
                .defaults(RUNGS + ", early_stopping_rate = 0")
                .ranges("min_resource", "> 0", "max_resource", "> 0", "reduction_factor", ">= 2", "early_stopping_rate", ">= 0")
                .description("successive halving: at each rung the top 1/η so far go on, decided as each result arrives")
                .factory(args -> new SuccessiveHalvingScheduler(rungs(args.config()), unit(args.config()))));
        registry.register(ComponentSpec.builder(TrialScheduler.KIND, AshaScheduler.NAME)
                .aliases("AshaScheduler", "AsyncHyperBand", "AsyncSuccessiveHalving")
                .defaults(RUNGS + ", early_stopping_rate = 0")
                .ranges("min_resource", "> 0", "max_resource", "> 0", "reduction_factor", ">= 2", "early_stopping_rate", ">= 0")
                .description("asynchronous successive halving with promotion: a free slot continues the best "
                        + "promotable candidate of the highest rung, else starts a new one")
                .factory(args -> new AshaScheduler(rungs(args.config()), unit(args.config()))));
        registry.register(ComponentSpec.builder(TrialScheduler.KIND, AllRungsScheduler.NAME)
                .aliases("AllRungsScheduler", "EveryRung")
                .defaults(RUNGS)
                .ranges("min_resource", "> 0", "max_resource", "> 0", "reduction_factor", ">= 2")
                .description("no early stopping: every candidate trains through every rung, with a row at each "
                        + "(a ground truth of scores along training)")
                .factory(args -> new AllRungsScheduler(new Rungs(args.config().getDouble("min_resource"),
                        args.config().getDouble("max_resource"), args.config().getInt("reduction_factor"), 0),
                        unit(args.config()))));
        registry.register(ComponentSpec.builder(TrialScheduler.KIND, HyperbandScheduler.NAME)
                .aliases("HyperbandScheduler", "HyperBand", "HyperbandPruner")
                .defaults(RUNGS + ", seed = 1")
                .ranges("min_resource", "> 0", "max_resource", "> 0", "reduction_factor", ">= 2")
                .description("Hyperband: brackets of successive halving with bottom rungs r_max·η^-s, "
                        + "candidates assigned to brackets from the seed")
                .factory(args -> {
                    Config c = args.config();
                    return new HyperbandScheduler(c.getDouble("min_resource"), c.getDouble("max_resource"),
                            c.getInt("reduction_factor"), unit(c), c.getLong("seed"));
                }));
    }

    private static Rungs rungs(Config c) {
        return new Rungs(c.getDouble("min_resource"), c.getDouble("max_resource"), c.getInt("reduction_factor"),
                c.getInt("early_stopping_rate"));
    }

    private static Fidelity.Unit unit(Config c) {
        return Fidelity.Unit.of(c.getString("resource"));
    }
}
