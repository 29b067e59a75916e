package org.modnas.core.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RngTest {
    @Test
    void restoringTheStateContinuesTheSameSequence() {
        Rng a = new Rng(42);
        for (int i = 0; i < 10; i++) {
            a.nextLong();
        }
        Rng b = new Rng(0);
        b.setState(a.state());
        for (int i = 0; i < 100; i++) {
            assertEquals(a.nextInt(7), b.nextInt(7));
            assertEquals(a.nextDouble(), b.nextDouble());
        }
    }

    @Test
    void boundedIntsAreUniformAndInRange() {
        Rng r = new Rng(1);
        int[] c = new int[7];
        for (int i = 0; i < 70_000; i++) {
            c[r.nextInt(7)]++;
        }
        for (int x : c) {
            assertTrue(x > 9_500 && x < 10_500, "count " + x);
        }
        assertThrows(IllegalArgumentException.class, () -> r.nextInt(0));
        for (int i = 0; i < 1000; i++) {
            long v = r.nextLong(3_000_000_000L);
            assertTrue(v >= 0 && v < 3_000_000_000L);
        }
    }

    @Test
    void gaussiansHaveUnitVariance() {
        Rng r = new Rng(3);
        double s = 0;
        double s2 = 0;
        int n = 50_000;
        for (int i = 0; i < n; i++) {
            double g = r.nextGaussian();
            s += g;
            s2 += g * g;
        }
        assertEquals(0, s / n, 0.03);
        assertEquals(1, s2 / n, 0.03);
    }
}
