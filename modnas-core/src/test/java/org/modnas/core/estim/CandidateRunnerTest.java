package org.modnas.core.estim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.modnas.core.arch.ArchDesc;

class CandidateRunnerTest {
    private final ArchDesc desc = ArchDesc.of(List.of("a"), List.of("x"));
    private final CandidateContext ctx = CandidateContext.cpu(1, 1);

    @Test
    void metricsOfAGoodCandidateComeBackOk() {
        CandidateResult r = CandidateRunner.run((d, c) -> Map.of("accuracy", 0.9), desc, ctx, 0);
        assertEquals(CandidateStatus.OK, r.status());
        assertEquals(0.9, r.metric("accuracy"));
        assertTrue(r.finishedAtMs() >= r.startedAtMs());
    }

    @Test
    void anExceptionEndsTheCandidateFailedWithItsTrace() {
        CandidateResult r = CandidateRunner.run((d, c) -> {
            throw new IllegalStateException("out of cheese");
        }, desc, ctx, 0);
        assertEquals(CandidateStatus.FAILED, r.status());
        assertTrue(r.error().startsWith("java.lang.IllegalStateException: out of cheese"), r.error());
    }

    @Test
    void aCandidateThatRunsOutOfHeapFailsSayingSoAndTheNextRuns() {
        CandidateResult r = CandidateRunner.run((d, c) -> {
            long[][] hog = new long[1 << 20][];
            for (int i = 0; i < hog.length; i++) {
                hog[i] = new long[1 << 20]; // 8 MB each: far beyond any test heap
            }
            return Map.of("accuracy", (double) hog.length);
        }, desc, ctx, 30);
        assertEquals(CandidateStatus.FAILED, r.status());
        assertTrue(r.error().startsWith("out of memory (JVM heap): give each executor more memory (spark.executor.memory"),
                r.error());
        assertTrue(r.error().contains("java.lang.OutOfMemoryError"), r.error());
        assertEquals(CandidateStatus.OK, CandidateRunner.run((d, c) -> Map.of("accuracy", 0.5), desc, ctx, 30).status(),
                "the JVM lives on");
    }

    @Test
    void aDiagnosedFailureKeepsItsMessage() {
        CandidateResult r = CandidateRunner.run((d, c) -> {
            throw new CandidateFailure("loss became NaN at step 3");
        }, desc, ctx, 5);
        assertEquals(CandidateStatus.FAILED, r.status());
        assertEquals("loss became NaN at step 3", r.error());
    }

    @Test
    void aNonFiniteMetricFailsTheCandidate() {
        CandidateResult r = CandidateRunner.run((d, c) -> Map.of("loss", Double.NaN), desc, ctx, 0);
        assertEquals(CandidateStatus.FAILED, r.status());
        assertEquals("metric 'loss' is NaN", r.error());
    }

    @Test
    void aCandidateThatHangsEndsTimeoutPromptly() {
        long t0 = System.nanoTime();
        CandidateResult r = CandidateRunner.run((d, c) -> {
            while (true) {
                Thread.sleep(1000); // ignores the deadline: the runner must still return
            }
        }, desc, ctx, 0.2);
        double s = (System.nanoTime() - t0) / 1e9;
        assertEquals(CandidateStatus.TIMEOUT, r.status());
        assertEquals("candidate exceeded its time limit of 0.2 s", r.error());
        assertTrue(s < 2, "took " + s + " s");
    }

    @Test
    void aCooperativeCandidateStopsAtItsDeadline() {
        CandidateResult r = CandidateRunner.run((d, c) -> {
            while (true) {
                c.checkDeadline();
                Thread.onSpinWait();
            }
        }, desc, ctx, 0.1);
        assertEquals(CandidateStatus.TIMEOUT, r.status());
    }
}
