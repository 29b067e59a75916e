package org.modnas.core.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.modnas.core.optim.EvolutionOptimTest.assertMessage;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.modnas.core.arch.ArchSpace;
import org.modnas.core.util.Rng;

class REINFORCEOptimTest {
    private static final ArchSpace SPACE = OptimTesting.slotSpace(6, 5);

    /** Reward: number of genes set to choice 2. */
    private static double reward(int[] x) {
        double r = 0;
        for (int v : x) {
            r += v == 2 ? 1 : 0;
        }
        return r;
    }

    @Test
    void policyMovesTowardsTheRewardedChoices() {
        REINFORCEOptim o = new REINFORCEOptim(SPACE, 7);
        Rng shuffle = new Rng(1);
        for (int round = 0; round < 30; round++) {
            List<Observation> rs = new ArrayList<>();
            for (Proposal p : o.propose(10)) {
                rs.add(new Observation(p.desc(), reward(SPACE.point(p.desc()))));
            }
            Collections.swap(rs, 0, shuffle.nextInt(rs.size()));
            o.observe(rs);
        }
        double[][] pr = o.probabilities();
        double mean = 0;
        for (double[] row : pr) {
            for (int j = 0; j < row.length; j++) {
                assertTrue(j == 2 || row[j] < row[2], "choice 2 preferred: " + java.util.Arrays.toString(row));
            }
            mean += row[2] / pr.length;
        }
        assertTrue(mean > 0.4, "mean probability of choice 2: " + mean);
    }

    @Test
    void learnsFromTheEvaluatedDescWhateverTheArrivalOrder() {
        // the same multiset of results in two orders within a batch gives the same policy
        REINFORCEOptim a = new REINFORCEOptim(SPACE, new REINFORCEOptim.Settings(4, 0.1, 0.9, 0.999, 0.99, 0.0), 3);
        REINFORCEOptim b = new REINFORCEOptim(SPACE, new REINFORCEOptim.Settings(4, 0.1, 0.9, 0.999, 0.99, 0.0), 3);
        List<Observation> rs = new ArrayList<>();
        for (long i = 0; i < 4; i++) {
            rs.add(new Observation(SPACE.desc(SPACE.point(i * 977)), i));
        }
        a.observe(rs);
        List<Observation> reversed = new ArrayList<>(rs);
        Collections.reverse(reversed);
        b.observe(reversed);
        double[][] pa = a.probabilities();
        double[][] pb = b.probabilities();
        for (int i = 0; i < pa.length; i++) {
            for (int j = 0; j < pa[i].length; j++) {
                assertEquals(pa[i][j], pb[i][j], 1e-12);
            }
        }
        // the best-rewarded desc gained probability, the worst lost some
        assertTrue(logProb(pa, SPACE.point(3 * 977L)) > 6 * Math.log(0.2));
        assertTrue(logProb(pa, SPACE.point(0L)) < 6 * Math.log(0.2));
    }

    private static double logProb(double[][] p, int[] x) {
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            s += Math.log(p[i][x[i]]);
        }
        return s;
    }

    @Test
    void failedResultsAreNotRewards() {
        REINFORCEOptim o = new REINFORCEOptim(SPACE, new REINFORCEOptim.Settings(2, 0.1, 0.9, 0.999, 0.99, 0.0), 3);
        List<Proposal> ps = o.propose(3);
        o.observe(List.of(Observation.failed(ps.get(0).desc()), new Observation(ps.get(1).desc(), 1.0)));
        assertEquals(0, o.snapshot().get("steps").asInt(), "one reward in a batch of two: no update yet");
        assertEquals(1, o.snapshot().get("batch").size());
        o.observe(List.of(new Observation(ps.get(2).desc(), 0.0)));
        assertEquals(1, o.snapshot().get("steps").asInt());
        assertEquals(1, o.propose(1).get(0).generation(), "generation = policy updates so far");
    }

    @Test
    void entropyBonusKeepsThePolicyWider() {
        double[] maxProb = new double[2];
        double[] weights = {0.0, 2.0};
        for (int k = 0; k < 2; k++) {
            REINFORCEOptim o = new REINFORCEOptim(SPACE, new REINFORCEOptim.Settings(10, 0.1, 0.9, 0.999, 0.99, weights[k]), 7);
            for (int round = 0; round < 20; round++) {
                List<Observation> rs = new ArrayList<>();
                for (Proposal p : o.propose(10)) {
                    rs.add(new Observation(p.desc(), reward(SPACE.point(p.desc()))));
                }
                o.observe(rs);
            }
            for (double[] row : o.probabilities()) {
                maxProb[k] = Math.max(maxProb[k], row[2]);
            }
        }
        assertTrue(maxProb[1] < maxProb[0], java.util.Arrays.toString(maxProb));
    }

    @Test
    void validatesSettings() {
        assertMessage("batch_size must be >= 1, got 0", () -> new REINFORCEOptim.Settings(0, 0.1, 0.9, 0.999, 0.99, 0));
        assertMessage("lr must be a positive number, got 0.0", () -> new REINFORCEOptim.Settings(10, 0, 0.9, 0.999, 0.99, 0));
        assertMessage("beta1 must be in [0, 1), got 1.0", () -> new REINFORCEOptim.Settings(10, 0.1, 1, 0.999, 0.99, 0));
        assertMessage("beta2 must be in [0, 1), got -0.1", () -> new REINFORCEOptim.Settings(10, 0.1, 0.9, -0.1, 0.99, 0));
        assertMessage("baseline_decay must be in [0, 1], got 2.0", () -> new REINFORCEOptim.Settings(10, 0.1, 0.9, 0.999, 2, 0));
        assertMessage("entropy_weight must be a finite number >= 0, got -1.0",
                () -> new REINFORCEOptim.Settings(10, 0.1, 0.9, 0.999, 0.99, -1));
    }
}
