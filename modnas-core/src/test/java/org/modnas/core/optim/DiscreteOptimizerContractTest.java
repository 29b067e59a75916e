package org.modnas.core.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.modnas.core.arch.ArchDesc;
import org.modnas.core.arch.ArchSpace;
import org.modnas.core.arch.Categorical;
import org.modnas.core.optim.OptimTesting.Env;
import org.modnas.core.optim.OptimTesting.Maker;

/** The ask/tell contract, checked for every discrete optimizer. */
class DiscreteOptimizerContractTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    static List<Maker> makers() {
        return OptimTesting.makers();
    }

    private static List<String> run(DiscreteOptimizer o, Env env, int steps) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < steps; i++) {
            out.addAll(OptimTesting.show(env.step(o)));
        }
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("makers")
    void sameSeedAndInputsGiveSameProposals(Maker m) {
        ArchSpace space = OptimTesting.slotSpace(6, 4);
        List<String> a = run(m.make(space, 42), new Env(space, 7, 0.1, 0.05), 80);
        List<String> b = run(m.make(space, 42), new Env(space, 7, 0.1, 0.05), 80);
        assertEquals(a, b);
        assertFalse(a.isEmpty());
        if (!m.name().equals("grid")) {
            assertNotEquals(a, run(m.make(space, 43), new Env(space, 7, 0.1, 0.05), 80), "another seed, another search");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("makers")
    void proposesNoDuplicateUntilSpaceExhausted(Maker m) {
        ArchSpace space = OptimTesting.smallSpace();
        for (long seed = 1; seed <= 5; seed++) {
            DiscreteOptimizer o = m.make(space, seed);
            Env env = new Env(space, seed * 31, 0.2, 0.1);
            Set<String> seen = new HashSet<>();
            int steps = 0;
            while (!(o.isExhausted() && env.pending.isEmpty())) {
                assertTrue(++steps < 1000, "no end after 1000 rounds");
                for (Proposal p : env.step(o)) {
                    assertTrue(seen.add(p.desc().toJson()), "proposed twice: " + p.desc());
                }
            }
            for (ArchDesc d : env.foreign) {
                seen.add(d.toJson());
            }
            assertEquals(12, seen.size(), "every point proposed or observed");
            assertTrue(o.isExhausted());
            assertEquals(List.of(), o.propose(5));
            assertEquals(List.of(), o.propose(1));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("makers")
    void exhaustsInOneBigBatchWithoutHanging(Maker m) {
        ArchSpace space = OptimTesting.smallSpace();
        DiscreteOptimizer o = m.make(space, 3);
        Set<String> seen = new HashSet<>();
        for (int round = 0; round < 50 && !o.isExhausted(); round++) {
            List<Proposal> ps = o.propose(100);
            List<Observation> rs = new ArrayList<>();
            for (Proposal p : ps) {
                assertTrue(seen.add(p.desc().toJson()));
                rs.add(new Observation(p.desc(), OptimTesting.score(space.point(p.desc()))));
            }
            o.observe(rs);
        }
        assertEquals(12, seen.size());
        assertTrue(o.isExhausted());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("makers")
    void acceptsResultsInAnyOrderAndLate(Maker m) {
        ArchSpace space = OptimTesting.slotSpace(5, 3);
        DiscreteOptimizer o = m.make(space, 9);
        List<Proposal> first = o.propose(3);
        List<Proposal> second = o.propose(2);
        // results of the second round first, the first round's last one only much later
        List<Observation> rs = new ArrayList<>();
        for (Proposal p : second) {
            rs.add(new Observation(p.desc(), 0.5));
        }
        rs.add(new Observation(first.get(1).desc(), 0.7));
        rs.add(new Observation(first.get(0).desc(), 0.1));
        o.observe(rs);
        Env env = new Env(space, 5, 0.0, 0.0);
        Set<String> seen = new HashSet<>(OptimTesting.show(first).stream().map(s -> s.substring(0, s.indexOf('@'))).toList());
        OptimTesting.show(second).forEach(s -> seen.add(s.substring(0, s.indexOf('@'))));
        for (int i = 0; i < 40; i++) {
            for (Proposal p : env.step(o)) {
                assertTrue(seen.add(p.desc().toJson()));
            }
        }
        o.observe(List.of(new Observation(first.get(2).desc(), 0.9)));
        for (Proposal p : o.propose(3)) {
            assertTrue(seen.add(p.desc().toJson()));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("makers")
    void observationOfNeverProposedDescIsVisited(Maker m) {
        ArchSpace space = OptimTesting.smallSpace();
        DiscreteOptimizer o = m.make(space, 1);
        // results replayed from a previous run: 11 of the 12 points, one of them failed
        List<Observation> replay = new ArrayList<>();
        for (long i = 0; i < 11; i++) {
            ArchDesc d = space.desc(space.point(i));
            replay.add(i == 4 ? Observation.failed(d) : new Observation(d, i));
        }
        o.observe(replay);
        assertFalse(o.isExhausted());
        List<Proposal> ps = o.propose(5);
        assertEquals(1, ps.size());
        assertEquals(space.desc(space.point(11L)), ps.get(0).desc());
        assertTrue(o.isExhausted());
        assertEquals(List.of(), o.propose(1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("makers")
    void failedResultsAreVisitedAndSearchGoesOn(Maker m) {
        ArchSpace space = OptimTesting.slotSpace(4, 3);
        DiscreteOptimizer o = m.make(space, 2);
        Set<String> seen = new HashSet<>();
        int proposed = 0;
        for (int round = 0; round < 60; round++) {
            List<Proposal> ps = o.propose(2);
            List<Observation> rs = new ArrayList<>();
            for (Proposal p : ps) {
                assertTrue(seen.add(p.desc().toJson()));
                rs.add(Observation.failed(p.desc()));
            }
            proposed += ps.size();
            o.observe(rs);
        }
        assertEquals(81, proposed, "all 81 points proposed although every candidate failed");
        assertTrue(o.isExhausted());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("makers")
    void repeatedReportOfOneCandidateCountsOnce(Maker m) {
        ArchSpace space = OptimTesting.slotSpace(6, 4);
        DiscreteOptimizer a = m.make(space, 5);
        DiscreteOptimizer b = m.make(space, 5);
        List<Proposal> pa = a.propose(4);
        List<Proposal> pb = b.propose(4);
        List<Observation> rs = new ArrayList<>();
        for (Proposal p : pa) {
            rs.add(new Observation(p.desc(), OptimTesting.score(space.point(p.desc()))));
        }
        a.observe(rs);
        b.observe(rs);
        b.observe(rs.subList(0, 2)); // a retried task reported again
        assertEquals(OptimTesting.show(pa), OptimTesting.show(pb));
        assertEquals(a.snapshot(), b.snapshot());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("makers")
    void restoredSnapshotContinuesLikeTheOriginal(Maker m) throws Exception {
        ArchSpace space = OptimTesting.slotSpace(6, 4);
        for (int k : new int[] {0, 1, 5, 17, 60}) {
            DiscreteOptimizer a = m.make(space, 11);
            Env envA = new Env(space, 3, 0.1, 0.05);
            run(a, envA, k);
            String json = MAPPER.writeValueAsString(a.snapshot());
            DiscreteOptimizer b = m.make(space, 11);
            b.restore((ObjectNode) MAPPER.readTree(json));
            assertEquals(json, MAPPER.writeValueAsString(b.snapshot()), "snapshot round trip after " + k + " rounds");
            Env envB = envA.copy();
            assertEquals(run(a, envA, 80), run(b, envB, 80), "continuation after " + k + " rounds");
            assertEquals(a.snapshot(), b.snapshot());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("makers")
    void restoresMidRoundWithPendingProposals(Maker m) throws Exception {
        ArchSpace space = OptimTesting.slotSpace(6, 4);
        DiscreteOptimizer a = m.make(space, 4);
        Env env = new Env(space, 8, 0.0, 0.0);
        run(a, env, 10);
        List<Proposal> out = a.propose(3); // no results yet for these
        String json = MAPPER.writeValueAsString(a.snapshot());
        DiscreteOptimizer b = m.make(space, 4);
        b.restore((ObjectNode) MAPPER.readTree(json));
        List<Observation> rs = new ArrayList<>();
        for (Proposal p : out) {
            rs.add(new Observation(p.desc(), OptimTesting.score(space.point(p.desc()))));
        }
        for (Observation r : rs) {
            a.observe(List.of(r));
            b.observe(List.of(r));
            assertEquals(OptimTesting.show(a.propose(2)), OptimTesting.show(b.propose(2)));
        }
        Env envB = env.copy();
        assertEquals(run(a, env, 30), run(b, envB, 30));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("makers")
    void rejectsSnapshotOfAnotherTypeOrSpace(Maker m) {
        ArchSpace space = OptimTesting.slotSpace(3, 3);
        DiscreteOptimizer o = m.make(space, 1);
        o.propose(2);
        ObjectNode snap = o.snapshot();

        DiscreteOptimizer other = m.name().startsWith("random") ? new GridSearchOptim(space, 1) : new RandomSearchOptim(space, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> other.restore(snap));
        assertEquals("optimizer snapshot is of type '" + snap.get("type").textValue() + "', cannot restore it into a "
                + ((AbstractDiscreteOptimizer) other).typeName(), e.getMessage());

        ArchSpace wider = ArchSpace.of(Categorical.of("s0", "c0", "c1", "c2"), Categorical.of("s1", "c0", "c1", "c2"),
                Categorical.of("s2", "c0", "c1", "c2", "c3"));
        e = assertThrows(IllegalArgumentException.class, () -> m.make(wider, 1).restore(snap));
        assertTrue(e.getMessage().startsWith("optimizer snapshot is of another arch space: its params are "
                + "[{\"name\":\"s0\",\"size\":3},{\"name\":\"s1\",\"size\":3},{\"name\":\"s2\",\"size\":3}], "
                + "this optimizer's are [{\"name\":\"s0\",\"size\":3},{\"name\":\"s1\",\"size\":3},{\"name\":\"s2\",\"size\":4}]"),
                e.getMessage());

        ArchSpace renamed = OptimTesting.slotSpace(4, 3);
        assertThrows(IllegalArgumentException.class, () -> m.make(renamed, 1).restore(snap));

        ObjectNode untyped = snap.deepCopy();
        untyped.remove("type");
        e = assertThrows(IllegalArgumentException.class, () -> m.make(space, 1).restore(untyped));
        assertTrue(e.getMessage().startsWith("optimizer snapshot has no 'type'"), e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("makers")
    void rejectsForeignDescAndNegativeCount(Maker m) {
        ArchSpace space = OptimTesting.smallSpace();
        DiscreteOptimizer o = m.make(space, 1);
        ArchDesc foreign = OptimTesting.slotSpace(3, 2).desc(new int[] {0, 0, 0});
        assertThrows(IllegalArgumentException.class, () -> o.observe(List.of(new Observation(foreign, 1.0))));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> o.propose(-1));
        assertEquals("propose needs n >= 0, got -1", e.getMessage());
        assertEquals(List.of(), o.propose(0));
    }
}
