package org.modnas.models.estim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.Shape;
import com.typesafe.config.Config;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.modnas.core.arch.ArchDesc;
import org.modnas.core.arch.ArchSpace;
import org.modnas.core.estim.CandidateContext;
import org.modnas.core.estim.CandidateEstimator;
import org.modnas.core.estim.Estimator;
import org.modnas.core.registry.Registry;
import org.modnas.core.util.Rng;
import org.modnas.models.proxy.ZeroCostProxies;
import org.modnas.models.space.Spaces;

/** A candidate of a MobileNetV2 space scored untrained: every proxy finite, params and MACs exact, the same seed the same scores. */
class ZeroCostEstimatorTest {
    @Test
    void everyProxyOfAnUntrainedCandidateIsFiniteAndRepeatsForTheSameSeed() throws Exception {
        Config root = EstimatorFixtures.synthetic("search.estim.zc { type = ZeroCostEstimator, batch = 16 }");
        ArchSpace space = Spaces.build(root.getConfig("search_space"), Registry.global(), 1).archSpace();
        ArchDesc desc = space.desc(space.sample(new Rng(3)));
        try (CandidateEstimator e = (CandidateEstimator) Registry.global().build(Estimator.KIND,
                root.getConfig("search.estim.zc"), Map.of(Config.class, root))) {
            Map<String, Double> m = e.evaluate(desc, CandidateContext.cpu(7, 1));
            for (String p : ZeroCostProxies.NAMES) {
                assertTrue(Double.isFinite(m.get(p)), p + " = " + m.get(p));
            }
            assertTrue(m.get("synflow") > 0 && m.get("grad_norm") > 0 && m.get("snip") > 0, m.toString());
            var stats = Spaces.buildFromDesc(root.getConfig("search_space"), Registry.global(), 1, desc)
                    .stats(new Shape(1, 28, 28));
            assertEquals((double) stats.params(), m.get("params"));
            assertEquals((double) stats.macs(), m.get("macs"));
            Map<String, Double> again = e.evaluate(desc, CandidateContext.cpu(7, 1));
            for (String p : ZeroCostProxies.NAMES) {
                assertEquals(m.get(p), again.get(p), Math.abs(m.get(p)) * 1e-5, p + " repeats for the same seed");
            }
            assertNotEquals(m.get("grad_norm"), e.evaluate(desc, CandidateContext.cpu(8, 1)).get("grad_norm"),
                    "another seed initialises other weights");
        }
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> Registry.global().build(Estimator.KIND,
                com.typesafe.config.ConfigFactory.parseString("type = ZeroCostEstimator, proxies = [synflow, zen]"),
                Map.of(Config.class, root)));
        assertTrue(bad.getMessage().contains("unknown proxy 'zen'"), bad.getMessage());
    }
}
