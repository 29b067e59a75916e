package org.modnas.core.arch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.modnas.core.util.Rng;

class ArchSpaceTest {
    private final ArchSpace space = ArchSpace.of(
            Categorical.of("a", "x", "y", "z"),
            Categorical.of("b", 1, 2),
            Numeric.ofInt("c", 4, 7));

    @Test
    void sizeIsTheProductOfChoiceCounts() {
        assertEquals(BigInteger.valueOf(3 * 2 * 4), space.size());
        assertEquals(24, space.sizeOrMax());
        assertTrue(space.isDiscrete());
    }

    @Test
    void mixedRadixIndexHasTheFirstParamLeastSignificant() {
        assertArrayEquals(new int[] {1, 0, 0}, space.point(1));
        assertArrayEquals(new int[] {0, 1, 0}, space.point(3));
        assertArrayEquals(new int[] {0, 0, 1}, space.point(6));
        assertArrayEquals(new int[] {2, 1, 3}, space.point(23));
        for (long i = 0; i < 24; i++) {
            assertEquals(BigInteger.valueOf(i), space.index(space.point(i)));
            assertArrayEquals(space.point(i), space.point(BigInteger.valueOf(i)));
        }
    }

    @Test
    void indexOutsideTheSpaceIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> space.point(24));
        assertTrue(e.getMessage().contains("outside [0, 24)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> space.point(-1));
    }

    @Test
    void pointsAndDescsConvertBothWays() {
        int[] p = {2, 1, 3};
        ArchDesc d = space.desc(p);
        assertEquals(List.of("z", 2L, 7L), d.values());
        assertArrayEquals(p, space.point(d));
    }

    @Test
    void wrongPointsAreRejectedNamingTheParam() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> space.desc(new int[] {0, 2, 0}));
        assertTrue(e.getMessage().contains("param 'b'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> space.desc(new int[] {0, 0}));
        assertTrue(e.getMessage().contains("2 entries"), e.getMessage());
    }

    @Test
    void samplingIsSeededAndCoversTheSpaceUniformly() {
        Rng a = new Rng(7);
        Rng b = new Rng(7);
        int[] counts = new int[24];
        for (int i = 0; i < 24_000; i++) {
            int[] p = space.sample(a);
            assertArrayEquals(p, space.sample(b));
            counts[space.index(p).intValue()]++;
        }
        for (int c : counts) {
            assertTrue(c > 800 && c < 1200, "count " + c);
        }
    }

    @Test
    void duplicateParamNamesAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ArchSpace.of(Categorical.of("a", 1), Categorical.of("a", 2)));
        assertEquals("duplicate param name 'a' in arch space", e.getMessage());
    }

    @Test
    void continuousSpacesHaveNoSize() {
        ArchSpace s = ArchSpace.of(Numeric.ofDouble("lr", 0.0, 1.0));
        assertFalse(s.isDiscrete());
        IllegalStateException e = assertThrows(IllegalStateException.class, s::size);
        assertTrue(e.getMessage().contains("continuous"), e.getMessage());
    }

    @Test
    void largeSpacesIndexBeyondLong() {
        Categorical[] ps = new Categorical[40];
        for (int i = 0; i < ps.length; i++) {
            ps[i] = Categorical.of("s" + i, "a", "b", "c", "d", "e", "f", "g");
        }
        ArchSpace big = ArchSpace.of(ps);
        assertEquals(BigInteger.valueOf(7).pow(40), big.size());
        assertEquals(Long.MAX_VALUE, big.sizeOrMax());
        BigInteger last = big.size().subtract(BigInteger.ONE);
        int[] p = big.point(last);
        Set<Integer> seen = new HashSet<>();
        for (int v : p) {
            seen.add(v);
        }
        assertEquals(Set.of(6), seen);
        assertEquals(last, big.index(p));
    }
}
