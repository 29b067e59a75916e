package org.modnas.core.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Rung arithmetic and promotion decisions against examples worked by hand. */
class SchedulersTest {
    @Test
    void rungsAreRminTimesEtaToTheKPlusSUpToRmax() {
        assertEquals(List.of(1.0, 2.0, 4.0, 8.0, 16.0), new Rungs(1, 16, 2, 0).resources());
        assertEquals(List.of(1.0, 3.0, 9.0, 27.0), new Rungs(1, 27, 3, 0).resources());
        assertEquals(List.of(3.0, 9.0, 27.0), new Rungs(1, 27, 3, 1).resources(), "early-stopping rate 1 starts at r_min·η");
        assertEquals(List.of(10.0, 30.0, 90.0, 100.0), new Rungs(10, 100, 3, 0).resources(), "r_max closes the last rung");
        assertEquals(List.of(5.0), new Rungs(5, 5, 2, 0).resources());
        assertEquals(1, new Rungs(1, 16, 2, 0).promotable(3), "⌊3/2⌋");
        assertEquals(1, new Rungs(1, 27, 3, 0).promotable(2), "at least one");
        assertEquals(3, new Rungs(1, 27, 3, 0).promotable(9));
        assertThrows(IllegalArgumentException.class, () -> new Rungs(1, 16, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new Rungs(0, 16, 2, 0));
    }

    /**
     * η = 2, rungs 1, 2, 4. At rung 0 the values arrive 0.5, 0.7, 0.6, 0.7, 0.1:
     * n = 1: top 1 of [0.5] — promoted; n = 2: top 1 of [0.5, 0.7] — 0.7 promoted; n = 3: top 1 of
     * [0.5, 0.7, 0.6] — 0.6 stopped; n = 4: top 2, 0.7 ties the best — promoted; n = 5: top 2, 0.1 — stopped.
     */
    @Test
    void successiveHalvingPromotesWithinTheTopFractionOfWhatTheRungHasSeen() {
        SuccessiveHalving sh = new SuccessiveHalving(new Rungs(1, 4, 2, 0));
        assertEquals(SuccessiveHalving.Outcome.PROMOTED, sh.report("a", 0, 0.5), "the first value of an empty rung goes on");
        assertEquals(SuccessiveHalving.Outcome.PROMOTED, sh.report("b", 0, 0.7));
        assertEquals(SuccessiveHalving.Outcome.STOPPED, sh.report("c", 0, 0.6));
        assertEquals(SuccessiveHalving.Outcome.PROMOTED, sh.report("d", 0, 0.7), "a tie with the best is in the top 2 of 4");
        assertEquals(SuccessiveHalving.Outcome.STOPPED, sh.report("e", 0, 0.1));
        assertEquals(SuccessiveHalving.Outcome.PROMOTED, sh.report("b", 1, 0.8));
        assertEquals(SuccessiveHalving.Outcome.STOPPED, sh.report("d", 1, 0.75));
        assertEquals(SuccessiveHalving.Outcome.COMPLETE, sh.report("b", 2, 0.9), "the last rung");
        assertEquals(SuccessiveHalving.Outcome.PROMOTED, sh.report("b", 0, 0.0), "a retried report keeps the first value");
    }

    /**
     * η = 3, rungs 1, 3, 9. Trials a..c finish rung 0 with 0.2, 0.5, 0.3: with n = 3, ⌊3/3⌋ = 1,
     * so b is promoted first; then nothing (a and c are not in the top 1) — a new trial starts. After
     * d..f (0.9, 0.1, 0.4) the rung holds 6 values, top 2 = {d 0.9, b 0.5}; b is taken, so d goes.
     * When b reports 0.6 at rung 1 (n = 1) it is promotable from the higher rung first.
     */
    @Test
    void ashaPromotesFromTheHighestRungFirstAndOtherwiseStartsATrial() {
        Asha asha = new Asha(new Rungs(1, 9, 3, 0));
        assertEquals(new Decision.Start(0), asha.next(), "nothing recorded: start");
        asha.report("a", 0, 0.2);
        asha.report("b", 0, 0.5);
        asha.report("c", 0, 0.3);
        assertEquals(new Decision.Promote("b", 1), asha.next());
        assertEquals(new Decision.Start(0), asha.next(), "a and c are not in the top third");
        asha.report("d", 0, 0.9);
        asha.report("e", 0, 0.1);
        asha.report("f", 0, 0.4);
        asha.report("b", 1, 0.6);
        assertEquals(new Decision.Promote("b", 2), asha.next(), "the highest rung with a promotable trial first");
        assertEquals(new Decision.Promote("d", 1), asha.next());
        assertEquals(new Decision.Start(0), asha.next());
    }

    /** The classic table for R = 27, η = 3: brackets of 27, 12, 6 and 4 trials starting at 1, 3, 9 and 27. */
    @Test
    void hyperbandBracketsAreTheClassicTable() {
        Hyperband hb = new Hyperband(1, 27, 3, 7);
        assertEquals(4, hb.bracketCount());
        assertEquals(List.of(4, 6, 12, 27), List.of(hb.size(0), hb.size(1), hb.size(2), hb.size(3)));
        assertEquals(List.of(27.0), hb.bracket(0).rungs().resources());
        assertEquals(List.of(9.0, 27.0), hb.bracket(1).rungs().resources());
        assertEquals(List.of(3.0, 9.0, 27.0), hb.bracket(2).rungs().resources());
        assertEquals(List.of(1.0, 3.0, 9.0, 27.0), hb.bracket(3).rungs().resources());
        int[] counts = new int[4];
        for (int seq = 0; seq < 4900; seq++) {
            counts[hb.bracketOf(seq)]++;
        }
        for (int s = 0; s < 4; s++) {
            assertEquals(4900.0 * hb.size(s) / 49, counts[s], 4900.0 * 0.03, "bracket " + s + " gets its share");
        }
        Hyperband same = new Hyperband(1, 27, 3, 7);
        for (int seq = 0; seq < 100; seq++) {
            assertEquals(hb.bracketOf(seq), same.bracketOf(seq), "the seed and the proposal number decide");
        }
    }
}
