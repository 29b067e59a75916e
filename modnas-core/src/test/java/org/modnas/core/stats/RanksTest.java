package org.modnas.core.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Rank statistics against values computed by hand and by SciPy (spearmanr, kendalltau, mannwhitneyu). */
class RanksTest {
    @Test
    void tiedValuesShareTheMeanOfTheirRanks() {
        assertArrayEquals(new double[] {1, 2, 3.5, 5, 3.5}, Ranks.ranks(new double[] {5, 6, 7, 8, 7}));
    }

    @Test
    void spearmanAndKendallMatchSciPyWithTiesAndAreOneOnTheSameOrder() {
        assertEquals(0.8207826816681233, Ranks.spearman(new double[] {1, 2, 3, 4, 5}, new double[] {5, 6, 7, 8, 7}), 1e-12);
        assertEquals(0.41403933560541256, Ranks.kendall(new double[] {1, 2, 3, 4, 5, 6}, new double[] {3, 1, 2, 2, 6, 4}), 1e-12);
        double[] x = {0.3, 0.9, 0.1, 0.5};
        double[] monotone = {1, 100, -5, 7};
        assertEquals(1.0, Ranks.spearman(x, monotone), 1e-12);
        assertEquals(1.0, Ranks.kendall(x, monotone), 1e-12);
        assertEquals(-1.0, Ranks.kendall(x, new double[] {-1, -100, 5, -7}), 1e-12);
        assertTrue(Double.isNaN(Ranks.spearman(x, new double[] {2, 2, 2, 2})), "a constant side orders nothing");
    }

    @Test
    void mannWhitneyMatchesSciPysNormalApproximation() {
        Ranks.MannWhitney apart = Ranks.mannWhitney(new double[] {1, 2, 3}, new double[] {4, 5, 6});
        assertEquals(0.0, apart.probabilityAGreater(), 1e-12);
        assertEquals(0.049534613435626706, apart.pValue(), 1e-6);
        Ranks.MannWhitney tied = Ranks.mannWhitney(new double[] {1, 2, 2, 5, 7}, new double[] {2, 3, 4, 4, 8, 9});
        assertEquals(9.0 / 30, tied.probabilityAGreater(), 1e-12);
        assertEquals(0.26781446771893225, tied.pValue(), 1e-6);
    }
}
