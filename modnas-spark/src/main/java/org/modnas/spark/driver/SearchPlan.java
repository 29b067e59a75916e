package org.modnas.spark.driver;

import com.typesafe.config.Config;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.modnas.core.arch.ArchSpace;
import org.modnas.core.config.ConfigChains;
import org.modnas.core.config.LoadedConfig;
import org.modnas.core.export.Exporter;
import org.modnas.core.objective.Objective;
import org.modnas.core.optim.DiscreteOptimizer;
import org.modnas.core.optim.Optimizer;
import org.modnas.core.registry.Registry;
import org.modnas.core.schedule.TrialScheduler;

/**
 * Everything about a search that can be decided before Spark starts, decided: the settings, the
 * arch space, an optimizer built once (so its arguments are checked), the exporters, the objective,
 * the inputs of every estimator (data file headers and sizes), whether the run folder can be
 * written, and whether an existing run may be resumed with this config. A plan that could be made
 * is a search whose usage and config errors are all behind it; nothing has been written yet.
 */
public final class SearchPlan {
    private final LoadedConfig config;
    private final SearchSettings settings;
    private final ArchSpace space;
    private final List<Exporter> exporters;
    private final Objective objective;

    private SearchPlan(LoadedConfig config, SearchSettings settings, ArchSpace space, List<Exporter> exporters,
                       Objective objective) {
        this.config = config;
        this.settings = settings;
        this.space = space;
        this.exporters = exporters;
        this.objective = objective;
    }

    /**
     * Checks a loaded config as far as it can be checked without Spark.
     *
     * @throws IllegalArgumentException for a usage or config error, naming the key or file
     */
    public static SearchPlan prepare(LoadedConfig config) {
        Config full = config.config();
        // the run folder and the data may be on a file system whose settings the config's spark.conf gives
        org.modnas.spark.store.HadoopFileStore.useSettings(full.getConfig("spark.conf"));
        SearchSettings settings = SearchSettings.of(config);
        // a chain of stages only (a gradient search) proposes no candidates: its stages check their optimizer
        boolean candidates = settings.chain().hasCandidate();
        ArchSpace space = candidates ? SearchSpaces.fromConfig(full) : ArchSpace.of(List.of());
        SearchPlan plan = new SearchPlan(config, settings, space, exporters(config),
                Registry.global().build(Objective.KIND, full.getConfig("search.objective"), Map.of()));
        if (candidates) {
            plan.newOptimizer();
        }
        TrialScheduler scheduler = plan.newScheduler();
        if (scheduler != null) {
            String type = full.getString("search.scheduler.type");
            if (!candidates) {
                throw new IllegalArgumentException("search.scheduler.type = " + type + " stops candidates early, but the "
                        + "estimator chain evaluates no candidates (a chain of stages only): remove search.scheduler");
            }
            if (!settings.chain().candidateTrainsInSlices(full)) {
                throw new IllegalArgumentException("search.scheduler.type = " + type + " needs a candidate estimator that "
                        + "trains in slices and continues from a checkpoint (SubNetEstimator does); search.estim."
                        + settings.estimatorName() + " is a " + settings.chain().candidate().type());
            }
        }
        settings.chain().checkInputs(full);
        settings.run().checkWritable();
        settings.run().checkResumable(config);
        return plan;
    }

    public LoadedConfig config() {
        return config;
    }

    public SearchSettings settings() {
        return settings;
    }

    public ArchSpace space() {
        return space;
    }

    public List<Exporter> exporters() {
        return exporters;
    }

    public Objective objective() {
        return objective;
    }

    /** A fresh optimizer over the space, as configured. */
    public DiscreteOptimizer newOptimizer() {
        Optimizer built = Registry.global().build(Optimizer.KIND, config.config().getConfig("search.optim"),
                Map.of(ArchSpace.class, space));
        if (!(built instanceof DiscreteOptimizer optimizer)) {
            throw new IllegalArgumentException("search.optim.type = " + settings.optimizerType()
                    + " is not a discrete optimizer; a distributed search needs one (random, grid, evolution, "
                    + "regularized evolution, REINFORCE)");
        }
        return optimizer;
    }

    /** A fresh multi-fidelity scheduler as {@code search.scheduler} configures it, or null when none is. */
    public TrialScheduler newScheduler() {
        Config full = config.config();
        if (!full.hasPath("search.scheduler.type")) {
            return null;
        }
        return Registry.global().build(TrialScheduler.KIND, full.getConfig("search.scheduler"), Map.of());
    }

    /** The optimizer factory the driver loop uses (fresh on every call, for full replays). */
    Supplier<DiscreteOptimizer> optimizers() {
        return this::newOptimizer;
    }

    /** The exporters of {@code search.export}, in written order, each named in its errors. */
    private static List<Exporter> exporters(LoadedConfig config) {
        List<Exporter> out = new ArrayList<>();
        for (ConfigChains.Entry e : config.chain("search.export")) {
            try {
                out.add(Registry.global().build(Exporter.KIND, e.section(), Map.of(Config.class, config.config())));
            } catch (IllegalArgumentException bad) {
                throw new IllegalArgumentException("search.export." + e.name() + ": " + bad.getMessage(), bad);
            }
        }
        return out;
    }
}
