package org.modnas.models.estim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modnas.core.arch.ArchDesc;
import org.modnas.core.arch.ArchSpace;
import org.modnas.core.config.ConfigLoader;
import org.modnas.core.config.LoadedConfig;
import org.modnas.core.estim.CandidateContext;
import org.modnas.core.estim.CandidateResult;
import org.modnas.core.estim.CandidateRunner;
import org.modnas.core.estim.CandidateStatus;
import org.modnas.core.estim.StageContext;
import org.modnas.core.estim.StageEstimator;
import org.modnas.core.estim.StageResult;
import org.modnas.core.estim.SupernetWeights;
import org.modnas.core.export.Exporter;
import org.modnas.core.registry.Registry;
import org.modnas.core.run.RunDirectory;
import org.modnas.core.search.EstimatorChain;
import org.modnas.core.util.Rng;
import org.modnas.models.space.Spaces;

/**
 * The estimator chain with a supernet: a {@code warmup} SuperNetEstimator trains the supernet once,
 * and the {@code search} SubNetEstimator selects each candidate on a copy of it.
 */
class SupernetChainTest {
    private static final String CHAIN = """
            search.estim {
              warmup { type = SuperNetEstimator, train_steps = 6, num_bn_batch = 2, valid_subnets = 2, valid_batches = 1 }
              search { type = SubNetEstimator, subnet_epochs = 0, num_bn_batch = 3, valid_batches = 2, measure_latency = false }
            }
            """;
    private static final String SYNTHETIC =
            "data { dataset { type = Synthetic, size = 28, n_train = 256, n_test = 64, noise = 0.3 }, batch_size = 32 }\n";

    @TempDir
    Path dir;

    /** Loads a config file, as the command line does: chain entries run in the order the file writes them. */
    private LoadedConfig load(String text) {
        try {
            Path file = Files.createTempFile(dir, "chain", ".conf");
            Files.writeString(file, EstimatorFixtures.SPACE + "\n" + text);
            return new ConfigLoader().load(file, List.of());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Runs the stages in this process. */
    private static EstimatorChain.StageRunner inProcess(Config config, List<String> progress) {
        return (entry, input, seed) -> ((StageEstimator) EstimatorChain.build(config, entry, null))
                .run(new StageContext(entry.name(), seed, null, 1, input, null, progress::add));
    }

    private static SubNetEstimator subnet(Config config, SupernetWeights weights, String more) {
        Config args = ConfigFactory.parseString(more).withFallback(config.getConfig("search.estim.search"))
                .withoutPath("type").withFallback(ConfigFactory.parseString(SubNetEstimator.DEFAULTS));
        return new SubNetEstimator(config, args, weights);
    }

    private static Map<String, Double> withoutTime(CandidateResult r) {
        Map<String, Double> m = new java.util.HashMap<>(r.metrics());
        m.keySet().removeIf(k -> k.endsWith("_seconds")); // the phase timings
        return m;
    }

    private static ArchSpace space(Config config) {
        return Spaces.build(config.getConfig("search_space"), Registry.global(), 1).archSpace();
    }

    @Test
    void theWarmupHandsItsTrainedSupernetToTheSearchAndIsNotTrainedAgainOnResume() throws Exception {
        LoadedConfig loaded = load(SYNTHETIC + CHAIN);
        Config config = loaded.config();
        EstimatorChain chain = EstimatorChain.plan(config, loaded.chain("search.estim"), "");
        assertEquals(List.of("warmup"), chain.stageNames());
        assertEquals("search", chain.candidate().name());

        RunDirectory run = RunDirectory.of(dir, "chain").create();
        Exporter exporter = Registry.global().build(Exporter.KIND, config.getConfig("search.export.default"), Map.of());
        List<String> progress = new ArrayList<>();
        List<String> log = new ArrayList<>();
        SupernetWeights weights = chain.runStages(run, List.of(exporter), 7, "a", inProcess(config, progress), log::add);
        assertNotNull(weights);
        assertEquals("warmup", weights.producer());
        assertArrayEquals(weights.parameters(), Files.readAllBytes(run.supernetFile("warmup").path()));
        JsonNode results = new ObjectMapper().readTree(run.resultsFile("warmup").path().toFile());
        assertEquals(6, results.get("metrics").get("steps").asInt(), results.toString());
        assertTrue(results.get("metrics").has("subnet_accuracy_best"), results.toString());
        assertTrue(Files.isRegularFile(run.bestDescFile("warmup", "yaml").path()), "the stage's best subnet is exported");
        assertTrue(progress.stream().anyMatch(l -> l.startsWith("epoch 1/1 loss=")), progress.toString());
        assertTrue(progress.stream().filter(l -> l.startsWith("subnet ")).count() == 2, progress.toString());

        SupernetWeights again = chain.runStages(run, List.of(exporter), 7, "a", (e, in, seed) -> {
            throw new AssertionError("a finished stage ran again");
        }, log::add);
        assertArrayEquals(weights.parameters(), again.parameters());
        assertTrue(log.stream().anyMatch(l -> l.contains("warmup finished in an earlier session")), log.toString());
        int[] ran = {0};
        chain.runStages(run, List.of(exporter), 7, "b", (e, in, seed) -> {
            ran[0]++;
            return new StageResult(Map.of("loss", 1.0), null, new SupernetWeights("warmup", new byte[] {1, 2, 3}));
        }, log::add);
        assertEquals(1, ran[0], "a stage trained with another config is trained again");
        assertTrue(log.stream().anyMatch(l -> l.contains("warmup of this run was trained with a different config")), log.toString());
        assertEquals(3, Files.size(run.supernetFile("warmup").path()));

        ArchSpace space = space(config);
        ArchDesc a = ArchDesc.of(space, java.util.Collections.nCopies(space.dimension(), "MB3E6"));
        ArchDesc b = space.desc(space.sample(new Rng(3)));
        SubNetEstimator select = subnet(config, weights, "{}");
        assertTrue(select.selectsOnSupernet());
        CandidateResult first = CandidateRunner.run(select, a, CandidateContext.cpu(11, 1), 0);
        CandidateResult other = CandidateRunner.run(select, b, CandidateContext.cpu(12, 1), 0);
        CandidateResult second = CandidateRunner.run(select, a, CandidateContext.cpu(11, 1), 0);
        assertEquals(CandidateStatus.OK, first.status(), first.error());
        assertEquals(CandidateStatus.OK, other.status(), other.error());
        assertEquals(withoutTime(first), withoutTime(second), "each candidate selects on its own copy of the supernet");

        // without training or recalibration a selected subnet is the handed-on weights alone: the
        // candidate's seed (which would draw fresh weights) changes nothing
        SubNetEstimator plain = subnet(config, weights, "{ num_bn_batch = 0 }");
        assertEquals(withoutTime(CandidateRunner.run(plain, a, CandidateContext.cpu(11, 1), 0)),
                withoutTime(CandidateRunner.run(plain, a, CandidateContext.cpu(99, 1), 0)));
        SubNetEstimator fresh = subnet(config, null, "{ num_bn_batch = 0 }");
        assertFalse(withoutTime(CandidateRunner.run(fresh, a, CandidateContext.cpu(11, 1), 0))
                .equals(withoutTime(CandidateRunner.run(fresh, a, CandidateContext.cpu(99, 1), 0))));

        SubNetEstimator rebuild = subnet(config, weights, "{ rebuild_subnet = true }");
        assertFalse(rebuild.selectsOnSupernet());
        CandidateResult built = CandidateRunner.run(rebuild, a, CandidateContext.cpu(11, 1), 0);
        assertEquals(built.metric("params"), first.metric("params"), "the selected subnet is the network its desc names");
        assertEquals(built.metric("macs"), first.metric("macs"));
    }

    @Test
    void chainsThatCannotRunAreRejectedNamingTheEntries() {
        LoadedConfig teacher = load(SYNTHETIC + """
                search.estim {
                  teacher { type = DefaultEstimator }
                  search { type = SubNetEstimator }
                }
                """);
        // before the candidate entry a DefaultEstimator is Once-for-All's teacher, which needs an elastic space
        EstimatorChain planned = EstimatorChain.plan(teacher.config(), teacher.chain("search.estim"), "");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> planned.checkInputs(teacher.config()));
        assertTrue(e.getMessage().contains("search.estim.teacher (DefaultEstimator): DefaultEstimator before the candidate "
                + "estimator trains the full network of an elastic search space"), e.getMessage());

        LoadedConfig after = load(SYNTHETIC + """
                search.estim {
                  search { type = SubNetEstimator }
                  warmup { type = SuperNetEstimator }
                }
                """);
        e = assertThrows(IllegalArgumentException.class,
                () -> EstimatorChain.plan(after.config(), after.chain("search.estim"), ""));
        assertTrue(e.getMessage().contains("[warmup (SuperNetEstimator)] come after the candidate estimator 'search' and "
                + "would never run"), e.getMessage());

        LoadedConfig bad = load(SYNTHETIC + "search.estim.warmup { type = SuperNetEstimator, epochs = 0 }\n"
                + "search.estim.search { type = SubNetEstimator }\n");
        e = assertThrows(IllegalArgumentException.class,
                () -> EstimatorChain.plan(bad.config(), bad.chain("search.estim"), ""));
        assertTrue(e.getMessage().startsWith("search.estim.warmup: epochs must be >= 1"), e.getMessage());
    }

    @Test
    void aGradientSupernetWithADiscreteOptimizerOrNoSupernetAtAllIsRefused() {
        Config weighted = load(SYNTHETIC + CHAIN + """
                search_space.construct.mixed_op.mixed_op = WeightedSum
                """).config();
        SuperNetEstimator w = new SuperNetEstimator(weighted, weighted.getConfig("search.estim.warmup")
                .withoutPath("type").withFallback(ConfigFactory.parseString(SuperNetEstimator.DEFAULTS)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> w.run(StageContext.cpu("warmup", 1, 1)));
        assertTrue(e.getMessage().contains("is a discrete optimizer") && e.getMessage().contains("DARTSOptim"), e.getMessage());

        Config fixed = load(SYNTHETIC + CHAIN + """
                search_space.construct.mixed_op = null
                search_space.construct.fixed { type = DefaultOpConstructor, op = MB3E3 }
                """).config();
        SuperNetEstimator f = new SuperNetEstimator(fixed, fixed.getConfig("search.estim.warmup")
                .withoutPath("type").withFallback(ConfigFactory.parseString(SuperNetEstimator.DEFAULTS)));
        e = assertThrows(IllegalArgumentException.class, () -> f.run(StageContext.cpu("warmup", 1, 1)));
        assertTrue(e.getMessage().contains("no Index mixed ops"), e.getMessage());
    }

    @Test
    void aSupernetThatDoesNotFitTheSearchSpaceFailsEachCandidateWithTheReason() throws Exception {
        LoadedConfig loaded = load(SYNTHETIC + CHAIN);
        Config config = loaded.config();
        StageResult trained = ((StageEstimator) EstimatorChain.build(config, loaded.chain("search.estim").get(0), null))
                .run(StageContext.cpu("warmup", 1, 1));
        Config other = load(SYNTHETIC + CHAIN + "search_space.construct.mixed_op.primitives = [MB3E3, MB5E6, NIL]\n").config();
        ArchSpace space = space(other);
        CandidateResult r = CandidateRunner.run(subnet(other, trained.output(), "{}"), space.desc(space.sample(new Rng(1))),
                CandidateContext.cpu(1, 1), 0);
        assertEquals(CandidateStatus.FAILED, r.status());
        assertTrue(r.error().contains("the supernet handed on by 'warmup' does not fit the supernet of search_space"), r.error());
    }
}
