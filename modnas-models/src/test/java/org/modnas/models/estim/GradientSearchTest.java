package org.modnas.models.estim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modnas.core.arch.ArchDesc;
import org.modnas.core.config.ConfigChains;
import org.modnas.core.config.ConfigLoader;
import org.modnas.core.estim.AlphaRecord;
import org.modnas.core.estim.StageContext;
import org.modnas.core.estim.StageEpoch;
import org.modnas.core.estim.StageEstimator;
import org.modnas.core.estim.StageResult;
import org.modnas.core.registry.ComponentSpec;
import org.modnas.core.registry.Registry;
import org.modnas.core.search.EstimatorChain;
import org.modnas.models.ModelsComponents;
import org.modnas.models.layers.Act;
import org.modnas.models.layers.GlobalAvgPool;
import org.modnas.models.layers.Layers;
import org.modnas.models.space.Slot;

/**
 * {@link SuperNetEstimator} over gradient mixed ops on a problem whose answer is known: a stem
 * convolution, then two slots with no shortcut whose candidates are the identity and zero, then a
 * classifier. Through a zero the classifier sees nothing, so only the identity can fit the data, and
 * every gradient search must put it on top in both slots.
 */
class GradientSearchTest {
    private static final String MODEL = "GradientSearchTestNet";

    @TempDir
    Path dir;

    @BeforeAll
    static void registerModel() {
        if (!Registry.global().names(ModelsComponents.MODEL).contains(MODEL)) {
            Registry.global().register(ComponentSpec.builder(ModelsComponents.MODEL, MODEL)
                    .description("stem, two slots without shortcuts, classifier")
                    .factory(a -> new SequentialBlock()
                            .add(Layers.conv(8, 3, 1)).add(Layers.batchNorm()).add(Act.relu())
                            .add(new Slot("cell.0", 8, 8, 1, Map.of()))
                            .add(new Slot("cell.1", 8, 8, 1, Map.of()))
                            .add(new GlobalAvgPool()).add(Linear.builder().setUnits(2).build())));
        }
    }

    /**
     * Four-value images of two classes (one pixel, four channels: each class a prototype plus noise),
     * which the stem and classifier learn within an epoch. The α learning rate is raised from the
     * defaults (3e-4, 0.006) to 0.05 and Gumbel's initial temperature lowered to 1, so the answer shows
     * within a few short epochs.
     */
    private static Config config(String mixedOp, String optim, long seed, String estim) {
        return new ConfigLoader().load(ConfigFactory.parseString("""
                search_space { model { type = %s }, construct { mixed_op { type = DefaultMixedOpConstructor, mixed_op = %s,
                  primitives = [NIL, IDT] } } }
                data { dataset { type = Synthetic, size = 1, channels = 4, classes = 2, n_train = 384, n_test = 64, noise = 0.05,
                  seed = 3 }, batch_size = 32, train_portion = 0.5 }
                trainer { lr = 0.05, threads = 1, momentum = 0.9, weight_decay = 3e-4 }
                search.optim { %s }
                run.seed = %d
                search.estim.search { type = SuperNetEstimator, epochs = 3, num_bn_batch = 2, valid_batches = 2 %s }
                """.formatted(MODEL, mixedOp, optim, seed, estim)), "test.conf", List.of()).config();
    }

    private static StageResult run(Config c, long seed, String checkpoint, java.util.function.Consumer<String> progress) {
        ConfigChains.Entry e = new ConfigChains.Entry("search", c.getConfig("search.estim.search"));
        StageEstimator stage = (StageEstimator) EstimatorChain.build(c, e, null);
        try {
            return stage.run(new StageContext("search", seed, null, 1, null, checkpoint, progress));
        } catch (Exception fault) {
            throw fault instanceof RuntimeException r ? r : new IllegalStateException(fault);
        }
    }

    /**
     * Seeds 1 to 5 with one epoch of weight training before the arch steps start: without it, a
     * random classifier's loss is above chance and shrinking every feature towards zero lowers it,
     * so some seeds settle on NIL before the weights learn anything (seed 4 did, for every optimizer).
     * Measured: DARTS, one-level, bi-level and Gumbel 5 of 5.
     */
    private static int seedsFindingTheIdentity(String mixedOp, String optim) {
        return seedsFindingTheIdentity(mixedOp, optim, ", epochs = 4, arch_update_epoch_start = 1");
    }

    private static int seedsFindingTheIdentity(String mixedOp, String optim, String schedule) {
        int found = 0;
        for (long seed = 1; seed <= 5; seed++) {
            StageResult r = run(config(mixedOp, optim, seed, schedule), seed, null, line -> { });
            ArchDesc best = r.best();
            if ("IDT".equals(best.value("cell.0")) && "IDT".equals(best.value("cell.1"))) {
                found++;
            }
        }
        return found;
    }

    @Test
    void dartsSecondOrderFindsTheIdentity() {
        assertTrue(seedsFindingTheIdentity("WeightedSum", "type = DARTSOptim, lr = 0.05") >= 4);
    }

    /**
     * Binary gates train one sampled path per batch, so with two ops of two candidates the full path
     * trains a quarter of the time: they get four warm-up epochs, as ProxylessNAS warms its weights up
     * (with one, seeds 1 and 5 settled on NIL). Measured: 5 of 5.
     */
    @Test
    void binaryGatesFindTheIdentity() {
        assertTrue(seedsFindingTheIdentity("BinGate", "type = BinaryGateOptim, lr = 0.05",
                ", epochs = 8, arch_update_epoch_start = 4") >= 4);
    }

    @Test
    void biLevelAndOneLevelFindTheIdentity() {
        assertTrue(seedsFindingTheIdentity("WeightedSum", "type = DirectGradOptimBiLevel, lr = 0.05") >= 4);
        assertTrue(seedsFindingTheIdentity("WeightedSum", "type = DirectGradOptim, lr = 0.05") >= 4);
    }

    @Test
    void gumbelAnnealingFindsTheIdentity() {
        assertTrue(seedsFindingTheIdentity("GumbelSum", "type = GumbelAnnealingOptim, lr = 0.05, init_temp = 1") >= 4);
    }

    /**
     * Both candidates fit the data, but MB3E6 costs about nine times the MACs of MB3E1: with the MACs
     * penalty of add#linear the search takes the cheaper one in both slots, and records the expected
     * MACs of each epoch. Measured: 5 of 5 seeds; without the penalty 0 of 5 (all took MB3E6 somewhere).
     */
    @Test
    void aMacsPenaltyTakesTheCheaperCandidate() {
        int cheap = 0;
        for (long seed = 1; seed <= 5; seed++) {
            String model = config("WeightedSum", "type = DARTSOptim, lr = 0.05", seed, ", epochs = 4, arch_update_epoch_start = 1, "
                    + "cost_metric = macs, cost_form = \"add#linear\", cost_target = 500, cost_lambda = 2").root()
                    .render(com.typesafe.config.ConfigRenderOptions.concise()).replace("\"NIL\",\"IDT\"", "\"MB3E1\",\"MB3E6\"");
            StageResult r = run(ConfigFactory.parseString(model), seed, null, l -> { });
            assertTrue(r.metrics().get("expected_macs") > 0);
            if ("MB3E1".equals(r.best().value("cell.0")) && "MB3E1".equals(r.best().value("cell.1"))) {
                cheap++;
            }
        }
        assertTrue(cheap >= 4, cheap + " of 5 seeds");
    }

    @Test
    void everyEpochIsRecordedWithItsDerivedSubnetAndEveryAlpha() {
        List<String> lines = new ArrayList<>();
        StageResult r = run(config("WeightedSum", "type = DARTSOptim", 1, ""), 1, null, lines::add);
        assertEquals(3, r.epochs().size());
        for (StageEpoch e : r.epochs()) {
            assertEquals(4, e.alphas().size(), "two ops of two candidates");
            double mass = 0;
            for (AlphaRecord a : e.alphas()) {
                mass += a.probability();
            }
            assertEquals(2.0, mass, 1e-5, "each op's probabilities sum to 1");
            assertTrue(e.metrics().get("accuracy") >= 0 && e.metrics().get("accuracy") <= 1);
            assertTrue(e.metrics().containsKey("alpha_entropy"));
            assertEquals(2, e.desc().size());
        }
        assertEquals(r.epochs().get(2).desc(), r.best());
        assertTrue(r.metrics().get("arch_steps") > 0);
        assertTrue(r.output().size() > 0, "the supernet is handed on");
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("epoch 3: supernet top1=")), lines.toString());
    }

    /** The arch schedule: no arch step before arch_update_epoch_start, so α stays as initialised. */
    @Test
    void noArchStepBeforeTheScheduleStarts() {
        StageResult r = run(config("WeightedSum", "type = DARTSOptim", 1, ", arch_update_epoch_start = 3"), 1, null, l -> { });
        assertEquals(0.0, r.metrics().get("arch_steps"));
        StageResult every = run(config("WeightedSum", "type = DARTSOptim", 1, ", arch_update_intv = 2, arch_update_batch = 2"),
                1, null, l -> { });
        // 6 training steps per epoch, arch steps before steps 2, 4 and 6, two each: 6 per epoch
        assertEquals(18.0, every.metrics().get("arch_steps"));
    }

    /**
     * A search killed after an epoch continues from its resume file and ends with exactly the α and
     * desc of an uninterrupted run: weights, α, momentum, Adam's moments, the ops' generators and the
     * data order are all restored (one engine thread, so every reduction is repeatable).
     */
    @Test
    void aKilledSearchResumesFromItsLastEpochAndEndsAsTheUninterruptedOne() throws Exception {
        Config c = config("BinGate", "type = BinaryGateOptim, lr = 0.05", 2, "");
        StageResult whole = run(c, 2, dir.resolve("whole.resume").toString(), l -> { });
        String file = dir.resolve("killed.resume").toString();
        assertThrows(IllegalStateException.class, () -> run(c, 2, file, line -> {
            if (line.startsWith("epoch 2/3 saved")) {
                throw new IllegalStateException("killed");
            }
        }));
        assertTrue(Files.isRegularFile(Path.of(file)));
        List<String> lines = new ArrayList<>();
        StageResult resumed = run(c, 2, file, lines::add);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("resuming after epoch 2 of 3")), lines.toString());
        assertFalse(lines.stream().anyMatch(l -> l.startsWith("epoch 1/3")), "epochs 1 and 2 are not trained again");
        assertEquals(whole.best(), resumed.best());
        assertEquals(whole.epochs(), resumed.epochs());
        assertEquals(3, resumed.epochs().size());
    }

    @Test
    void aDiscreteOptimizerOnAGradientSupernetIsRefusedNamingTheChoices() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> run(config("WeightedSum", "type = RandomSearchOptim", 1, ""), 1, null, l -> { }));
        assertTrue(e.getMessage().contains("DARTSOptim"), e.getMessage());
    }
}
