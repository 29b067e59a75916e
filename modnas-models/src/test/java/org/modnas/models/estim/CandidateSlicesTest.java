package org.modnas.models.estim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modnas.core.arch.ArchDesc;
import org.modnas.core.arch.ArchSpace;
import org.modnas.core.estim.CandidateContext;
import org.modnas.core.estim.CandidateEstimator;
import org.modnas.core.estim.Estimator;
import org.modnas.core.estim.Fidelity;
import org.modnas.core.registry.Registry;
import org.modnas.core.util.Rng;
import org.modnas.models.space.Spaces;

/**
 * A candidate trained rung by rung (stopped, checkpointed, continued in a fresh estimator as
 * another executor would) ends with exactly the weights and scores of the same candidate trained
 * to the same resource at once: same seed, same data order, same learning-rate schedule.
 */
class CandidateSlicesTest {
    private static final Config ROOT = EstimatorFixtures.synthetic(
            "search.estim.search { type = SubNetEstimator, valid_batches = 2, measure_latency = false, num_bn_batch = 2 }\n"
                    + "trainer { lr = 0.1, warmup_epochs = 0.5, eta_min = 0.001, momentum = 0.9, weight_decay = 1e-3 }");

    private static CandidateEstimator estimator() {
        return (CandidateEstimator) Registry.global().build(Estimator.KIND, ROOT.getConfig("search.estim.search"),
                Map.of(Config.class, ROOT));
    }

    private static Map<String, Double> run(ArchDesc desc, Fidelity f) throws Exception {
        try (CandidateEstimator e = estimator()) {
            assertTrue(e.trainsInSlices());
            return e.evaluate(desc, new CandidateContext(11, null, 1, Long.MAX_VALUE, f));
        }
    }

    @Test
    void aCandidateContinuedFromItsCheckpointEndsAsOneTrainedAtOnce(@TempDir Path dir) throws Exception {
        ArchSpace space = Spaces.build(ROOT.getConfig("search_space"), Registry.global(), 1).archSpace();
        ArchDesc desc = space.desc(space.sample(new Rng(3)));
        Path whole = dir.resolve("whole.ckpt");
        Path rung0 = dir.resolve("rung-0.ckpt");
        Path rung1 = dir.resolve("rung-1.ckpt");
        // 20 steps of a 30-step schedule; the slices stop at step 5, inside the first epoch, then go on to 20
        Map<String, Double> atOnce = run(desc, new Fidelity(Fidelity.Unit.STEPS, 0, 20, 30, null, whole.toString()));
        Map<String, Double> first = run(desc, new Fidelity(Fidelity.Unit.STEPS, 0, 5, 30, null, rung0.toString()));
        Map<String, Double> sliced = run(desc, new Fidelity(Fidelity.Unit.STEPS, 5, 20, 30, rung0.toString(), rung1.toString()));
        CandidateCheckpoint a = CandidateCheckpoint.read(org.modnas.core.store.Location.of(whole));
        CandidateCheckpoint b = CandidateCheckpoint.read(org.modnas.core.store.Location.of(rung1));
        assertEquals(20, a.step());
        assertEquals(20, b.step());
        assertArrayEquals(a.parameters(), b.parameters(), "weights and batch-norm statistics");
        assertArrayEquals(a.trainerState(), b.trainerState(), "momentum buffers");
        assertEquals(atOnce.get("accuracy"), sliced.get("accuracy"));
        assertEquals(atOnce.get("loss"), sliced.get("loss"), 1e-6);
        assertEquals(20.0, sliced.get("steps"));
        assertNotEquals(first.get("loss"), sliced.get("loss"), "the rungs trained different amounts");
        assertTrue(Files.size(rung0) > 1000);
    }

    @Test
    void aRungMeasuredInEpochsTrainsWholeEpochs(@TempDir Path dir) throws Exception {
        ArchSpace space = Spaces.build(ROOT.getConfig("search_space"), Registry.global(), 1).archSpace();
        ArchDesc desc = space.desc(space.sample(new Rng(4)));
        Path ckpt = dir.resolve("e1.ckpt");
        Map<String, Double> m = run(desc, new Fidelity(Fidelity.Unit.EPOCHS, 0, 1, 3, null, ckpt.toString()));
        assertEquals(1.0, m.get("epochs"));
        assertEquals(CandidateCheckpoint.read(org.modnas.core.store.Location.of(ckpt)).step(), m.get("steps").longValue());
        Map<String, Double> next = run(desc, new Fidelity(Fidelity.Unit.EPOCHS, 1, 3, 3, ckpt.toString(), null));
        assertEquals(3.0, next.get("epochs"));
    }
}
