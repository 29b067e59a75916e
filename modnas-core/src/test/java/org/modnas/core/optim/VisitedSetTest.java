package org.modnas.core.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.modnas.core.arch.ArchSpace;
import org.modnas.core.util.Rng;

class VisitedSetTest {
    @Test
    void samplesEveryUnvisitedPointThenNull() {
        ArchSpace space = OptimTesting.slotSpace(3, 10); // 1000 points
        VisitedSet v = new VisitedSet(space);
        Rng rng = new Rng(1);
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            int[] p = v.sampleUnvisited(rng);
            assertTrue(v.add(p));
            assertTrue(seen.add(v.key(p)));
        }
        assertTrue(v.isFull());
        assertNull(v.sampleUnvisited(rng));
    }

    @Test
    void nearlyFullSpaceSamplesUniformly() {
        ArchSpace space = OptimTesting.slotSpace(2, 10);
        int[] counts = new int[100];
        for (long seed = 0; seed < 4000; seed++) {
            VisitedSet v = new VisitedSet(space);
            for (long k = 0; k < 96; k++) {
                v.add(space.point(k));
            }
            counts[(int) v.key(v.sampleUnvisited(new Rng(seed)))]++;
        }
        for (int k = 96; k < 100; k++) {
            assertTrue(counts[k] > 850 && counts[k] < 1150, "index " + k + " drawn " + counts[k] + " of 4000");
        }
    }

    @Test
    void jsonRoundTripKeepsSamplingIdentical() {
        ArchSpace space = OptimTesting.slotSpace(3, 4);
        VisitedSet a = new VisitedSet(space);
        Rng r = new Rng(3);
        for (int i = 0; i < 40; i++) {
            a.add(a.sampleUnvisited(r));
        }
        VisitedSet b = new VisitedSet(space);
        b.readJson(a.toJson(), "visited");
        assertEquals(a.toJson(), b.toJson());
        Rng ra = new Rng(9);
        Rng rb = new Rng(9);
        while (!a.isFull()) {
            int[] pa = a.sampleUnvisited(ra);
            int[] pb = b.sampleUnvisited(rb);
            assertEquals(a.key(pa), b.key(pb));
            a.add(pa);
            b.add(pb);
        }
    }

    @Test
    void handlesSpacesLargerThanALong() {
        ArchSpace huge = OptimTesting.slotSpace(40, 7);
        VisitedSet v = new VisitedSet(huge);
        Rng r = new Rng(1);
        int[] p = v.sampleUnvisited(r);
        assertTrue(v.add(p));
        assertFalse(v.add(p));
        assertTrue(v.contains(p));
        assertFalse(v.isFull());
        VisitedSet w = new VisitedSet(huge);
        w.readJson(v.toJson(), "visited");
        assertTrue(w.contains(p));
        assertTrue(v.toJson().get(0).isTextual());
    }

    @Test
    void rejectsBadJson() {
        VisitedSet v = new VisitedSet(OptimTesting.smallSpace());
        JsonNodeFactory f = JsonNodeFactory.instance;
        assertEquals("optimizer snapshot: 'visited' holds index 12 outside the space [0, 12)",
                assertThrows(IllegalArgumentException.class, () -> v.readJson(f.arrayNode().add(12), "visited")).getMessage());
        assertEquals("optimizer snapshot: 'visited' must be a list of point indices",
                assertThrows(IllegalArgumentException.class, () -> v.readJson(f.objectNode(), "visited")).getMessage());
        assertEquals("optimizer snapshot: 'visited' holds a non-index true",
                assertThrows(IllegalArgumentException.class, () -> v.readJson(f.arrayNode().add(true), "visited")).getMessage());
    }
}
