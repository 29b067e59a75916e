package org.modnas.core.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.modnas.core.arch.ArchSpace;

class GridSearchOptimTest {
    @Test
    void visitsEveryPointOnceInIndexOrder() {
        ArchSpace space = OptimTesting.smallSpace();
        GridSearchOptim o = new GridSearchOptim(space, 1);
        List<Proposal> all = new ArrayList<>();
        for (int n : new int[] {1, 5, 2, 100}) {
            all.addAll(o.propose(n));
        }
        assertEquals(12, all.size());
        for (int i = 0; i < 12; i++) {
            assertArrayEquals(space.point((long) i), space.point(all.get(i).desc()), "proposal " + i);
            assertEquals(0, all.get(i).generation());
        }
        assertTrue(o.isExhausted());
        assertEquals(List.of(), o.propose(1));
    }

    @Test
    void firstParamVariesFastest() {
        ArchSpace space = OptimTesting.smallSpace();
        List<Proposal> ps = new GridSearchOptim(space, 1).propose(4);
        assertEquals("{\"op\":\"MB3E3\",\"k\":3,\"skip\":true}", ps.get(0).desc().toJson());
        assertEquals("{\"op\":\"MB5E6\",\"k\":3,\"skip\":true}", ps.get(1).desc().toJson());
        assertEquals("{\"op\":\"NIL\",\"k\":3,\"skip\":true}", ps.get(2).desc().toJson());
        assertEquals("{\"op\":\"MB3E3\",\"k\":5,\"skip\":true}", ps.get(3).desc().toJson());
    }

    @Test
    void skipsPointsAlreadyObserved() {
        ArchSpace space = OptimTesting.smallSpace();
        GridSearchOptim o = new GridSearchOptim(space, 1);
        o.observe(List.of(new Observation(space.desc(space.point(1L)), 0.3), Observation.failed(space.desc(space.point(2L)))));
        List<Proposal> ps = o.propose(2);
        assertArrayEquals(space.point(0L), space.point(ps.get(0).desc()));
        assertArrayEquals(space.point(3L), space.point(ps.get(1).desc()));
    }

    @Test
    void walksSpacesLargerThanALong() {
        ArchSpace huge = OptimTesting.slotSpace(40, 7); // 7^40 points
        GridSearchOptim o = new GridSearchOptim(huge, 1);
        List<Proposal> ps = o.propose(8);
        assertEquals(8, ps.size());
        assertArrayEquals(huge.point(java.math.BigInteger.valueOf(7)), huge.point(ps.get(7).desc()));
    }
}
