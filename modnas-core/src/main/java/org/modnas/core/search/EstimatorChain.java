package org.modnas.core.search;

import com.typesafe.config.Config;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.modnas.core.config.ConfigChains;
import org.modnas.core.estim.CandidateEstimator;
import org.modnas.core.estim.Estimator;
import org.modnas.core.estim.StageEstimator;
import org.modnas.core.estim.StageResult;
import org.modnas.core.estim.SupernetWeights;
import org.modnas.core.export.Exporter;
import org.modnas.core.registry.Registry;
import org.modnas.core.run.RunDirectory;

/**
 * The named estimator chain of a search ({@code search.estim}) split into what runs
 * where: the {@link StageEstimator stage} entries that run first, once each, in written order (a
 * supernet warm-up), and the one {@link CandidateEstimator candidate} entry that evaluates every
 * proposed desc (in-process or as Spark tasks). Each stage hands its trained supernet to the next
 * entry; the candidate entry gets the last one. A chain of stages only (a gradient search such as
 * DARTS) has no candidate entry: its last stage's result is the search's.
 *
 * @param stages    the entries run before the candidate entry, in order
 * @param candidate the entry that evaluates candidates, or null for a chain of stages only
 */
public record EstimatorChain(List<ConfigChains.Entry> stages, ConfigChains.Entry candidate) {
    public EstimatorChain {
        stages = List.copyOf(stages);
    }

    /**
     * Plans the chain: the candidate entry is {@code wanted} when not empty, else the last entry
     * whose component evaluates single candidates; every entry before it must be a stage.
     *
     * @param config the whole config (estimators read its data, trainer and search_space sections)
     * @throws IllegalArgumentException naming the entries when the chain cannot run
     */
    public static EstimatorChain plan(Config config, List<ConfigChains.Entry> chain, String wanted) {
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("search.estim is empty: configure the estimator run for each candidate, "
                    + "e.g. search.estim.search { type = SubNetEstimator }");
        }
        List<Estimator> built = new ArrayList<>();
        for (ConfigChains.Entry e : chain) {
            built.add(build(config, e, null));
        }
        int chosen = -1;
        if (wanted != null && !wanted.isEmpty()) {
            for (int i = 0; i < chain.size(); i++) {
                if (chain.get(i).name().equals(wanted)) {
                    chosen = i;
                }
            }
            if (chosen < 0) {
                throw new IllegalArgumentException("the candidate estimator is set to '" + wanted
                        + "' but search.estim has no such entry; entries: " + names(chain));
            }
            if (!(built.get(chosen) instanceof CandidateEstimator)) {
                throw new IllegalArgumentException("search.estim." + wanted + " (" + chain.get(chosen).type()
                        + ") does not evaluate single candidates, so it cannot evaluate the search's candidates");
            }
        } else {
            for (int i = 0; i < chain.size(); i++) {
                if (built.get(i) instanceof CandidateEstimator) {
                    chosen = i;
                }
            }
            if (chosen < 0) {
                List<String> neither = new ArrayList<>();
                for (int i = 0; i < chain.size(); i++) {
                    if (!(built.get(i) instanceof StageEstimator)) {
                        neither.add(chain.get(i).name() + " (" + chain.get(i).type() + ")");
                    }
                }
                if (neither.isEmpty()) {
                    return new EstimatorChain(chain, null);
                }
                throw new IllegalArgumentException("no entry of search.estim " + names(chain) + " evaluates single "
                        + "candidates, and " + neither + " are not stages: add one such as search.estim.search "
                        + "{ type = SubNetEstimator }");
            }
        }
        for (int i = 0; i < chosen; i++) {
            if (!(built.get(i) instanceof StageEstimator)) {
                throw new IllegalArgumentException("search.estim." + chain.get(i).name() + " (" + chain.get(i).type()
                        + ") comes before the candidate estimator '" + chain.get(chosen).name() + "' but is not a stage "
                        + "that trains something for it (such as SuperNetEstimator): remove it or set it to null");
            }
        }
        if (chosen < chain.size() - 1) {
            throw new IllegalArgumentException("search.estim entries " + names(chain.subList(chosen + 1, chain.size()))
                    + " come after the candidate estimator '" + chain.get(chosen).name() + "' and would never run: "
                    + "remove them or set them to null");
        }
        return new EstimatorChain(chain.subList(0, chosen), chain.get(chosen));
    }

    /**
     * Builds the estimator of {@code entry} with the whole config and, when not null, the supernet an
     * earlier entry handed on as context objects.
     *
     * @throws IllegalArgumentException naming the entry when it cannot be built
     */
    public static Estimator build(Config config, ConfigChains.Entry entry, SupernetWeights input) {
        Map<Class<?>, Object> context = new HashMap<>();
        context.put(Config.class, config);
        if (input != null) {
            context.put(SupernetWeights.class, input);
        }
        try {
            return Registry.global().build(Estimator.KIND, entry.section(), context);
        } catch (RuntimeException bad) {
            throw new IllegalArgumentException("search.estim." + entry.name() + ": " + bad.getMessage(), bad);
        }
    }

    /**
     * Checks every entry's inputs (data files and the like) before the search starts, without
     * training anything ({@link Estimator#checkInputs}).
     *
     * @param config the whole config
     * @throws IllegalArgumentException naming the entry and what is wrong
     */
    public void checkInputs(Config config) {
        List<ConfigChains.Entry> all = new ArrayList<>(stages);
        if (candidate != null) {
            all.add(candidate);
        }
        for (ConfigChains.Entry e : all) {
            Estimator built = build(config, e, null);
            try {
                built.checkInputs();
                if (e != candidate && built instanceof StageEstimator stage) {
                    stage.checkAsStage();
                }
            } catch (RuntimeException bad) {
                throw new IllegalArgumentException("search.estim." + e.name() + " (" + e.type() + "): " + bad.getMessage(), bad);
            }
        }
    }

    /**
     * True when the candidate entry's estimator trains in slices ({@link CandidateEstimator#trainsInSlices}),
     * as a multi-fidelity scheduler needs.
     */
    public boolean candidateTrainsInSlices(Config config) {
        if (candidate == null) {
            return false;
        }
        Estimator built = build(config, candidate, null);
        if (built instanceof CandidateEstimator c) {
            try (c) {
                return c.trainsInSlices();
            }
        }
        return false;
    }

    /** Runs one stage: where (in this process, on an executor) is up to the implementation. */
    @FunctionalInterface
    public interface StageRunner {
        /**
         * Runs stage {@code entry} with the supernet the stage before handed on (null for the first).
         *
         * @param seed the stage's seed ({@link Seeds#stageSeed})
         */
        StageResult run(ConfigChains.Entry entry, SupernetWeights input, long seed) throws Exception;
    }

    /**
     * Runs the stages in order, each handing its supernet to the next, and writes what each produced
     * ({@link StageOutputs}). A stage an earlier session of this run finished with the same config is
     * read back instead of run again. Returns the supernet for the candidate estimator, or null when no
     * stage trained one.
     *
     * @param configHash the search identity of the config, recorded with each stage
     * @param log receives a line per stage
     * @throws IllegalStateException naming the stage when one fails: the search cannot go on without it
     */
    public SupernetWeights runStages(RunDirectory run, List<Exporter> exporters, long runSeed, String configHash,
                                     StageRunner runner, Consumer<String> log) {
        SupernetWeights handed = null;
        for (ConfigChains.Entry e : stages) {
            StageOutputs.Found found = StageOutputs.find(run, e.name(), configHash);
            StageResult r;
            if (found == StageOutputs.Found.FINISHED) {
                r = StageOutputs.read(run, e.name());
                log.accept("stage " + e.name() + " finished in an earlier session; reusing " + describe(r));
            } else {
                if (found == StageOutputs.Found.OTHER_CONFIG) {
                    log.accept("stage " + e.name() + " of this run was trained with a different config; training it again");
                }
                log.accept("stage " + e.name() + " (" + e.type() + ") starting");
                long t0 = System.nanoTime();
                try {
                    r = runner.run(e, handed, Seeds.stageSeed(runSeed, e.name()));
                } catch (Exception fault) {
                    throw new IllegalStateException("stage search.estim." + e.name() + " (" + e.type() + ") failed, so the "
                            + "search cannot start: " + fault.getMessage(), fault);
                }
                StageOutputs.write(run, e.name(), r, exporters, configHash);
                try {
                    run.stageResumeFile(e.name()).delete();
                } catch (IOException gone) {
                    log.accept("could not delete " + run.stageResumeFile(e.name()) + ": " + gone.getMessage());
                }
                log.accept(String.format("stage %s finished in %.1f s: %s", e.name(), (System.nanoTime() - t0) / 1e9, describe(r)));
            }
            if (r.output() != null) {
                handed = r.output();
            }
        }
        return handed;
    }

    private static String describe(StageResult r) {
        StringBuilder b = new StringBuilder();
        r.metrics().forEach((k, v) -> b.append(b.length() == 0 ? "" : ", ").append(k).append('=')
                .append(String.format(java.util.Locale.ROOT, "%.4g", v)));
        if (r.output() != null) {
            b.append(b.length() == 0 ? "" : ", ").append("supernet ").append(r.output().size()).append(" bytes");
        }
        return b.toString();
    }

    /** Whether the chain has an entry that evaluates candidates (else it is stages only). */
    public boolean hasCandidate() {
        return candidate != null;
    }

    /** The last stage: the search's own result in a chain of stages only. */
    public ConfigChains.Entry lastStage() {
        if (stages.isEmpty()) {
            throw new IllegalStateException("the chain has no stages");
        }
        return stages.get(stages.size() - 1);
    }

    /** The stages' names in order. */
    public List<String> stageNames() {
        return stages.stream().map(ConfigChains.Entry::name).toList();
    }

    private static List<String> names(List<ConfigChains.Entry> chain) {
        return chain.stream().map(e -> e.name() + " (" + e.type() + ")").toList();
    }
}
