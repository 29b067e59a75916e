package org.modnas.models.estim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.modnas.core.arch.ArchDesc;
import org.modnas.core.arch.ArchSpace;
import org.modnas.core.estim.CandidateContext;
import org.modnas.core.estim.CandidateEstimator;
import org.modnas.core.estim.CandidateResult;
import org.modnas.core.estim.CandidateRunner;
import org.modnas.core.estim.CandidateStatus;
import org.modnas.core.estim.Estimator;
import org.modnas.core.registry.Registry;
import org.modnas.core.util.Rng;
import org.modnas.models.space.Spaces;

class SubNetEstimatorTest {
    private static CandidateEstimator estimator(Config root) {
        return (CandidateEstimator) Registry.global().build(Estimator.KIND, root.getConfig("search.estim.search"),
                Map.of(Config.class, root));
    }

    private static ArchSpace space(Config root) {
        return Spaces.build(root.getConfig("search_space"), Registry.global(), 1).archSpace();
    }

    @Test
    void evaluatesACandidateIntoEveryMetric() {
        Config root = EstimatorFixtures.synthetic(
                "search.estim.search { type = SubNetEstim, subnet_epochs = 1, valid_batches = 2, latency_repeats = 3 }");
        ArchSpace space = space(root);
        ArchDesc desc = space.desc(space.sample(new Rng(3)));
        try (CandidateEstimator e = estimator(root)) {
            CandidateResult r = CandidateRunner.run(e, desc, CandidateContext.cpu(7, 1), 0);
            assertEquals(CandidateStatus.OK, r.status(), r.error());
            for (String k : List.of("accuracy", "top5", "loss", "params", "macs", "latency_ms", "train_seconds", "epochs")) {
                assertTrue(r.metrics().containsKey(k), k + " in " + r.metrics());
            }
            assertTrue(r.metric("accuracy") >= 0 && r.metric("accuracy") <= 1);
            assertTrue(r.metric("params") > 1000 && r.metric("macs") > r.metric("params"), r.metrics().toString());
        }
    }

    @Test
    void aDivergingCandidateFailsWithItsReasonAndTheNextStillRuns() {
        Config root = EstimatorFixtures.synthetic(
                "search.estim.search { type = SubNetEstimator, subnet_epochs = 1, valid_batches = 1, measure_latency = false }\n"
                        + "trainer { lr = 1e30, grad_clip = 0 }");
        Config sane = EstimatorFixtures.synthetic(
                "search.estim.search { type = SubNetEstimator, subnet_epochs = 1, train_steps = 2, valid_batches = 1, measure_latency = false }");
        ArchSpace space = space(root);
        ArchDesc desc = space.desc(space.sample(new Rng(4)));
        try (CandidateEstimator wild = estimator(root); CandidateEstimator ok = estimator(sane)) {
            CandidateResult bad = CandidateRunner.run(wild, desc, CandidateContext.cpu(1, 1), 0);
            assertEquals(CandidateStatus.FAILED, bad.status());
            assertTrue(bad.error().matches("loss became (NaN|Infinity) at epoch 1 step \\d+"), bad.error());
            CandidateResult next = CandidateRunner.run(ok, desc, CandidateContext.cpu(1, 1), 0);
            assertEquals(CandidateStatus.OK, next.status(), next.error());
        }
    }

    @Test
    void aCandidatePastItsDeadlineEndsTimeout() {
        Config root = EstimatorFixtures.synthetic(
                "search.estim.search { type = SubNetEstimator, subnet_epochs = 50, measure_latency = false }");
        ArchSpace space = space(root);
        try (CandidateEstimator e = estimator(root)) {
            CandidateResult r = CandidateRunner.run(e, space.desc(space.sample(new Rng(5))), CandidateContext.cpu(1, 1), 1.0);
            assertEquals(CandidateStatus.TIMEOUT, r.status());
        }
    }
}
