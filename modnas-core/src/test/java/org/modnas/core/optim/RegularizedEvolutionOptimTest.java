package org.modnas.core.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.modnas.core.optim.EvolutionOptimTest.assertMessage;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.modnas.core.arch.ArchSpace;

class RegularizedEvolutionOptimTest {
    private static final ArchSpace SPACE = OptimTesting.slotSpace(8, 5);

    private static Observation scored(Proposal p) {
        return new Observation(p.desc(), OptimTesting.score(SPACE.point(p.desc())));
    }

    @Test
    void mutatesExactlyOneGeneOfAPopulationMemberOnceFull() {
        RegularizedEvolutionOptim o = new RegularizedEvolutionOptim(SPACE, 10, 3, 4);
        List<int[]> members = new ArrayList<>();
        for (Proposal p : o.propose(10)) {
            members.add(SPACE.point(p.desc()));
            o.observe(List.of(scored(p)));
        }
        for (int n = 0; n < 30; n++) {
            Proposal p = o.propose(1).get(0);
            int[] x = SPACE.point(p.desc());
            boolean oneAway = false;
            for (int[] m : members.subList(members.size() - 10, members.size())) {
                int diff = 0;
                for (int g = 0; g < x.length; g++) {
                    diff += x[g] != m[g] ? 1 : 0;
                }
                oneAway |= diff == 1;
            }
            assertTrue(oneAway, "proposal " + n + " is a one-gene mutant of a living member");
            members.add(x);
            o.observe(List.of(scored(p)));
        }
    }

    @Test
    void oldestMemberDiesAndFailuresNeverJoin() {
        RegularizedEvolutionOptim o = new RegularizedEvolutionOptim(SPACE, 3, 2, 1);
        List<Proposal> ps = o.propose(5);
        assertEquals(5, ps.size(), "random while the population is not full");
        o.observe(List.of(scored(ps.get(4)), Observation.failed(ps.get(0).desc()), scored(ps.get(2)),
                scored(ps.get(1)), scored(ps.get(3))));
        JsonNode pop = o.snapshot().get("population");
        assertEquals(3, pop.size());
        // arrival order: 4, (0 failed), 2, 1, 3 → 4 died, 2 is now the oldest
        assertEquals(pointJson(ps.get(2)), pop.get(0).get("point").toString());
        assertEquals(pointJson(ps.get(1)), pop.get(1).get("point").toString());
        assertEquals(pointJson(ps.get(3)), pop.get(2).get("point").toString());
        assertEquals(5, o.snapshot().get("results").asInt());
    }

    private static String pointJson(Proposal p) {
        return java.util.Arrays.toString(SPACE.point(p.desc())).replace(" ", "");
    }

    @Test
    void generationCountsPopulationTurnovers() {
        RegularizedEvolutionOptim o = new RegularizedEvolutionOptim(SPACE, 4, 2, 1);
        for (int n = 0; n < 12; n++) {
            Proposal p = o.propose(1).get(0);
            assertEquals(n / 4, p.generation());
            o.observe(List.of(scored(p)));
        }
    }

    @Test
    void proposesManyBeforeResultsArrive() {
        RegularizedEvolutionOptim o = new RegularizedEvolutionOptim(SPACE, 5, 2, 1);
        for (Proposal p : o.propose(5)) {
            o.observe(List.of(scored(p)));
        }
        List<Proposal> batch = o.propose(20);
        assertEquals(20, batch.size());
        assertEquals(20, batch.stream().map(Proposal::desc).distinct().count());
    }

    @Test
    void validatesArguments() {
        assertMessage("population_size must be >= 1, got 0", () -> new RegularizedEvolutionOptim(SPACE, 0, 1, 1));
        assertMessage("sample_size must be >= 1, got 0", () -> new RegularizedEvolutionOptim(SPACE, 10, 0, 1));
        assertMessage("sample_size (30) must not exceed population_size (10)", () -> new RegularizedEvolutionOptim(SPACE, 10, 30, 1));
    }
}
