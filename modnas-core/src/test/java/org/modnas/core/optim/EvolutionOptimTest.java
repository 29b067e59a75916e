package org.modnas.core.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.modnas.core.arch.ArchDesc;
import org.modnas.core.arch.ArchSpace;

class EvolutionOptimTest {
    private static final ArchSpace SPACE = OptimTesting.slotSpace(8, 5);

    private static List<Observation> scored(List<Proposal> ps) {
        List<Observation> rs = new ArrayList<>();
        for (Proposal p : ps) {
            rs.add(new Observation(p.desc(), OptimTesting.score(SPACE.point(p.desc()))));
        }
        return rs;
    }

    @Test
    void batchHoldsDistinctIndividuals() {
        EvolutionOptim o = new EvolutionOptim(SPACE, 3);
        List<Proposal> ps = o.propose(100);
        assertEquals(100, ps.size());
        Set<ArchDesc> ds = new HashSet<>();
        ps.forEach(p -> ds.add(p.desc()));
        assertEquals(100, ds.size());
        o.observe(scored(ps));
        List<Proposal> next = o.propose(100);
        assertEquals(100, next.size());
        next.forEach(p -> assertTrue(ds.add(p.desc())));
    }

    @Test
    void waitsForTheWholeGenerationWithoutBeingExhausted() {
        EvolutionOptim o = new EvolutionOptim(SPACE, new EvolutionOptim.Settings(6, 2, 3, 1, 0.05), 1);
        List<Proposal> gen0 = new ArrayList<>(o.propose(4));
        gen0.addAll(o.propose(4));
        assertEquals(6, gen0.size(), "a generation has population_size members");
        gen0.forEach(p -> assertEquals(0, p.generation()));
        assertEquals(List.of(), o.propose(3));
        assertFalse(o.isExhausted());
        List<Observation> rs = scored(gen0);
        o.observe(rs.subList(0, 5));
        assertEquals(List.of(), o.propose(3), "one result is still missing");
        o.observe(List.of(Observation.failed(gen0.get(5).desc())));
        List<Proposal> gen1 = o.propose(10);
        assertEquals(6, gen1.size());
        gen1.forEach(p -> assertEquals(1, p.generation()));
        assertEquals(1, o.generation());
    }

    @Test
    void childrenComeFromTheSelectedParents() {
        // no mutation, one parent kept: every child of generation 1 would equal the parent, which is
        // visited, so the retries fall back to random points; with two parents, children mix them
        EvolutionOptim o = new EvolutionOptim(SPACE, new EvolutionOptim.Settings(10, 2, 2, 0, 0.0), 5);
        List<Proposal> gen0 = o.propose(10);
        List<Observation> rs = scored(gen0);
        o.observe(rs);
        Observation[] top = rs.stream().sorted((a, b) -> Double.compare(b.score(), a.score())).limit(2).toArray(Observation[]::new);
        int[] p1 = SPACE.point(top[0].desc());
        int[] p2 = SPACE.point(top[1].desc());
        int fromParents = 0;
        List<Proposal> gen1 = o.propose(10);
        for (Proposal c : gen1) {
            int[] x = SPACE.point(c.desc());
            boolean mixed = true;
            for (int g = 0; g < x.length; g++) {
                mixed &= x[g] == p1[g] || x[g] == p2[g];
            }
            fromParents += mixed ? 1 : 0;
        }
        assertTrue(fromParents >= 8, "children of the two best: " + fromParents + " of 10");
    }

    @Test
    void failedMembersNeverBecomeParents() {
        EvolutionOptim o = new EvolutionOptim(SPACE, new EvolutionOptim.Settings(4, 1, 1, 0, 0.0), 2);
        List<Proposal> gen0 = o.propose(4);
        // the only scored member is the parent: children are one-parent copies (visited) or random
        o.observe(List.of(Observation.failed(gen0.get(0).desc()), Observation.failed(gen0.get(1).desc()),
                Observation.failed(gen0.get(2).desc()), new Observation(gen0.get(3).desc(), 0.1)));
        assertEquals(4, o.propose(4).size());
        assertTrue(o.snapshot().get("parents").toString().contains(SPACE.point(gen0.get(3).desc())[0] + ""));
        assertEquals(1, o.snapshot().get("parents").size());
    }

    @Test
    void validatesSettings() {
        assertMessage("population_size must be >= 1, got 0", () -> new EvolutionOptim.Settings(0, 2, 10, 1, 0.01));
        assertMessage("n_parents must be >= 1, got 0", () -> new EvolutionOptim.Settings(100, 0, 10, 1, 0.01));
        assertMessage("n_select must be >= 1, got -1", () -> new EvolutionOptim.Settings(100, 2, -1, 1, 0.01));
        assertMessage("n_select (200) must not exceed population_size (100)", () -> new EvolutionOptim.Settings(100, 2, 200, 1, 0.01));
        assertMessage("n_parents (3) must not exceed n_select (2)", () -> new EvolutionOptim.Settings(100, 3, 2, 1, 0.01));
        assertMessage("n_eliminate must be in [0, population_size) = [0, 100), got 100", () -> new EvolutionOptim.Settings(100, 2, 10, 100, 0.01));
        assertMessage("mutation_prob must be in [0, 1], got 1.5", () -> new EvolutionOptim.Settings(100, 2, 10, 1, 1.5));
        assertMessage("mutation_prob must be in [0, 1], got NaN", () -> new EvolutionOptim.Settings(100, 2, 10, 1, Double.NaN));
    }

    static void assertMessage(String expected, org.junit.jupiter.api.function.Executable e) {
        assertEquals(expected, assertThrows(IllegalArgumentException.class, e).getMessage());
    }
}
