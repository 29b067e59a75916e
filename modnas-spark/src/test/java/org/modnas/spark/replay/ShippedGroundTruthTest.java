package org.modnas.spark.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The ground truth the project ships reads as a benchmark: every architecture of its subspace
 * (blocks.3 to blocks.5 over four ops, blocks.6 over two) once, each validated at every rung of one
 * training run, the zero-cost proxies of the whole space in the run beside it, and a second seed of
 * sixteen of them.
 */
class ShippedGroundTruthTest {
    private static final Path ROOT = Files.isDirectory(Path.of("groundtruth")) ? Path.of("groundtruth") : Path.of("../groundtruth");

    @Test
    void theTableHoldsEveryArchitectureOfItsSubspaceAtEveryRung() {
        GroundTruth truth = GroundTruth.load(ROOT.resolve("fashion-mbv2").toString());
        assertEquals(128, truth.entries().size());
        assertTrue(truth.exhaustive(), "every point of the space the table spans");
        assertEquals(4 * 4 * 4 * 2, truth.space().size().longValueExact());
        for (GroundTruth.Entry e : truth.entries()) {
            List<Double> resources = e.points().stream().map(GroundTruth.Point::resource).toList();
            assertEquals(List.of(25.0, 50.0, 100.0, 200.0, 400.0), resources, e.candidateId());
            double acc = e.last().metric("accuracy");
            assertTrue(acc > 0.8 && acc < 0.95, e.candidateId() + " accuracy " + acc);
            assertTrue(e.last().metric("params") > 1e5 && e.fullSeconds() > 0, e.candidateId());
        }
    }

    @Test
    void theProxiesRunScoresTheSameArchitectures() {
        GroundTruth truth = GroundTruth.load(ROOT.resolve("fashion-mbv2").toString());
        GroundTruth proxies = GroundTruth.load(ROOT.resolve("fashion-mbv2-proxies").toString());
        assertEquals(256, proxies.entries().size(), "the proxies of the whole space");
        assertTrue(proxies.exhaustive());
        for (GroundTruth.Entry e : truth.entries()) {
            GroundTruth.Entry p = proxies.get(e.desc());
            assertNotNull(p, "proxies of " + e.desc());
            for (String proxy : List.of("synflow", "naswot", "grad_norm", "snip", "jacob_cov")) {
                assertTrue(Double.isFinite(p.last().metric(proxy)), proxy + " of " + e.candidateId());
            }
        }
    }

    @Test
    void theSecondSeedRetrainedSixteenOfTheSameArchitectures() {
        GroundTruth truth = GroundTruth.load(ROOT.resolve("fashion-mbv2").toString());
        GroundTruth seed2 = GroundTruth.load(ROOT.resolve("fashion-mbv2-seed2").toString());
        assertEquals(16, seed2.entries().size());
        for (GroundTruth.Entry e : seed2.entries()) {
            assertEquals(truth.get(e.desc()).points().size(), e.points().size(), e.candidateId());
        }
    }
}
