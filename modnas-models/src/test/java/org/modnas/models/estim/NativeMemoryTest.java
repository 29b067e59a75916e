package org.modnas.models.estim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.typesafe.config.Config;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.modnas.core.arch.ArchDesc;
import org.junit.jupiter.api.Test;
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

/**
 * Candidate after candidate, nothing native is left behind: DJL's manager accounting shows no live
 * array after each candidate, and the process's resident memory stays within a bound far below
 * what keeping one candidate's tensors per candidate would cost.
 */
class NativeMemoryTest {
    private static long residentMb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
            }
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }

    /** Arrays alive in every manager of the engine. */
    private static int liveArrays() {
        try (NDManager probe = NDManager.newBaseManager()) {
            return probe.getParentManager().getManagedArrays().size();
        }
    }

    @Test
    void aCandidateThatRunsOutOfNativeMemoryFailsSayingSoAndTheNextRuns() {
        ArchDesc desc = ArchDesc.of(List.of("a"), List.of("x"));
        CandidateEstimator greedy = (d, c) -> {
            try (NDManager m = NDManager.newBaseManager()) {
                m.zeros(new Shape(1L << 40)); // 4 TB of floats: the engine's allocator refuses it
            }
            return Map.of("accuracy", 1.0);
        };
        CandidateResult r = CandidateRunner.run(greedy, desc, CandidateContext.cpu(1, 1), 30);
        assertEquals(CandidateStatus.FAILED, r.status());
        assertTrue(r.error().startsWith("out of memory (native memory): give each executor more memory"), r.error());
        try (NDManager m = NDManager.newBaseManager()) {
            assertEquals(6f, m.ones(new Shape(2, 3)).sum().getFloat(), "the engine lives on");
        }
    }

    @Test
    void theAccountingSeesArraysThatAreAlive() {
        int before = liveArrays();
        try (NDManager m = NDManager.newBaseManager()) {
            m.zeros(new Shape(3));
            assertEquals(before + 1, liveArrays());
        }
        assertEquals(before, liveArrays());
    }

    @Test
    void twentyCandidatesLeaveNoArrayAndNoResidentGrowth() throws IOException {
        Config root = EstimatorFixtures.synthetic("search.estim.search { type = SubNetEstimator, subnet_epochs = 1, "
                + "train_steps = 3, valid_batches = 1, latency_repeats = 2 }");
        ArchSpace space = Spaces.build(root.getConfig("search_space"), Registry.global(), 1).archSpace();
        Rng rng = new Rng(1);
        // five architectures in turn: after the first round the engine has seen every shape, so its
        // caches stop growing and what remains is what candidates would leak
        List<ArchDesc> descs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            descs.add(space.desc(space.sample(rng)));
        }
        int arraysBefore = liveArrays();
        long afterWarmUp = 0;
        long peak = 0;
        try (CandidateEstimator e = (CandidateEstimator) Registry.global().build(Estimator.KIND,
                root.getConfig("search.estim.search"), Map.of(Config.class, root))) {
            for (int i = 0; i < 25; i++) {
                CandidateResult r = CandidateRunner.run(e, descs.get(i % descs.size()), CandidateContext.cpu(i, 1), 0);
                assertEquals(CandidateStatus.OK, r.status(), r.error());
                assertEquals(arraysBefore, liveArrays(), "arrays alive after candidate " + i);
                if (i == 4) {
                    System.gc();
                    afterWarmUp = residentMb();
                } else if (i > 4) {
                    peak = Math.max(peak, residentMb());
                }
            }
        }
        long growth = peak - afterWarmUp;
        System.out.println("resident growth over 20 candidates: " + growth + " MB");
        // keeping each candidate's weights, gradients and activations would add over 10 MB a candidate
        assertTrue(growth < 120, "resident memory grew by " + growth + " MB over 20 candidates");
    }
}
