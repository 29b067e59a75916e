package org.modnas.core.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;
import org.modnas.core.estim.Fidelity;
import org.modnas.core.registry.Registry;
import org.modnas.core.schedule.TrialScheduler.Fate;

/** The schedulers as the driver uses them: fates, the promotion queue, resume marks, checkpoint deletion. */
class TrialSchedulersTest {
    @Test
    void successiveHalvingHandsOutEachPromotionOnceAndStopsTheRestForGood() {
        TrialScheduler sh = new SuccessiveHalvingScheduler(new Rungs(1, 4, 2, 0), Fidelity.Unit.STEPS);
        assertEquals(Fate.CONTINUE, sh.report("a", 0, 0, 0.5));
        assertEquals(Fate.CONTINUE, sh.report("b", 0, 0, 0.7));
        assertEquals(Fate.STOP, sh.report("c", 0, 0, 0.6));
        assertEquals(new Decision.Promote("a", 1), sh.promote());
        assertEquals(new Decision.Promote("b", 1), sh.promote());
        assertNull(sh.promote());
        assertEquals(Fate.CONTINUE, sh.report("a", 0, 0, 0.5), "a retried report keeps the decision");
        assertNull(sh.promote(), "and is not handed out twice");
        assertTrue(sh.hopeless("c", 0, 0, 100));
        assertFalse(sh.hopeless("a", 0, 0, 100));
        assertEquals(Fate.COMPLETE, sh.report("b", 0, 2, 0.9));
    }

    @Test
    void allRungsPromotesEveryTrialThroughEveryRungOnceAndDeletesNoCheckpointEarly() {
        TrialScheduler all = Registry.global().build(TrialScheduler.KIND, ConfigFactory.parseString(
                "type = AllRungs, min_resource = 25, max_resource = 400, reduction_factor = 2"), java.util.Map.of());
        assertEquals(java.util.List.of(25.0, 50.0, 100.0, 200.0, 400.0), all.rungs(0).resources());
        assertEquals(Fate.CONTINUE, all.report("a", 0, 0, 0.1));
        assertEquals(Fate.CONTINUE, all.report("b", 0, 0, 0.9));
        assertEquals(Fate.CONTINUE, all.report("a", 0, 0, 0.1), "a retried report");
        assertEquals(new Decision.Promote("a", 1), all.promote());
        assertEquals(new Decision.Promote("b", 1), all.promote());
        assertNull(all.promote(), "each promotion is handed out once");
        assertFalse(all.hopeless("a", 0, 0, 1));
        all.markPromoted("c", 0, 3); // a resumed search whose table shows c at rung 4
        assertTrue(all.isPromoted("c", 0, 3));
        assertEquals(Fate.COMPLETE, all.report("c", 0, 4, 0.5));
        assertNull(all.promote());
    }

    @Test
    void aResumedSearchMarksPromotionsItsTableAlreadyShows() {
        TrialScheduler sh = new SuccessiveHalvingScheduler(new Rungs(1, 4, 2, 0), Fidelity.Unit.STEPS);
        sh.report("a", 0, 0, 0.5);
        sh.markPromoted("a", 0, 0); // its rung-1 row is in the table
        assertNull(sh.promote());
        TrialScheduler asha = new AshaScheduler(new Rungs(1, 4, 2, 0), Fidelity.Unit.STEPS);
        asha.report("a", 0, 0, 0.5);
        asha.report("b", 0, 0, 0.4);
        asha.markPromoted("a", 0, 0);
        assertNull(asha.promote(), "top ⌊2/2⌋ = 1 at rung 0 is a, already promoted");
    }

    /**
     * η = 3, rungs 1, 3, 9. Values at rung 0: a 0.9, b 0.5, c 0.1. a pauses, then the free slot
     * promotes it (top 1 of 3); b and c stay paused. With a budget of 6 trials rung 0 holds at most
     * 6, of which ⌊6/3⌋ = 2 go on: c with two better values can never be promoted, b with one can.
     */
    @Test
    void ashaPausesPromotesOnAFreeSlotAndKnowsWhenAPausedTrialIsHopeless() {
        TrialScheduler asha = new AshaScheduler(new Rungs(1, 9, 3, 0), Fidelity.Unit.EPOCHS);
        assertEquals(Fate.PAUSE, asha.report("a", 0, 0, 0.9));
        assertEquals(Fate.PAUSE, asha.report("b", 0, 0, 0.5));
        assertEquals(Fate.PAUSE, asha.report("c", 0, 0, 0.1));
        assertEquals(new Decision.Promote("a", 1), asha.promote());
        assertTrue(asha.isPromoted("a", 0, 0));
        assertNull(asha.promote(), "nothing else is in the top ⌊3/3⌋ = 1");
        assertTrue(asha.hopeless("c", 0, 0, 6));
        assertFalse(asha.hopeless("b", 0, 0, 6));
        assertFalse(asha.hopeless("a", 0, 0, 6), "promoted");
        assertEquals(Fate.COMPLETE, asha.report("a", 0, 2, 0.95));
    }

    /**
     * A resumed search replays each row as it was decided then. In the earlier session a (0.5) arrived
     * after c (0.9), ranked second of two and stopped; replayed first, deciding again would promote it
     * (top 1 of 1). Restoring keeps the decision.
     */
    @Test
    void aReplayKeepsTheDecisionsTakenThen() {
        TrialScheduler sh = new SuccessiveHalvingScheduler(new Rungs(1, 4, 2, 0), Fidelity.Unit.STEPS);
        sh.restore("a", 0, 0, 0.5, false);
        sh.restore("c", 0, 0, 0.9, true);
        assertNull(sh.promote(), "restoring decides nothing: the caller runs the promotion that was decided");
        assertTrue(sh.isPromoted("c", 0, 0));
        assertFalse(sh.isPromoted("a", 0, 0));
        assertTrue(sh.hopeless("a", 0, 0, 10));
        assertEquals(Fate.STOP, sh.report("d", 0, 0, 0.4), "later decisions see the replayed values: top 1 of 3");
    }

    @Test
    void hyperbandRunsSuccessiveHalvingInTheTrialsBracket() {
        HyperbandScheduler hb = new HyperbandScheduler(1, 9, 3, Fidelity.Unit.STEPS, 7);
        assertEquals(3, hb.bracketCount());
        assertEquals(java.util.List.of(1.0, 3.0, 9.0), hb.rungs(2).resources(), "bracket s starts at r_max·η^-s");
        assertEquals(java.util.List.of(9.0), hb.rungs(0).resources());
        assertEquals(Fate.COMPLETE, hb.report("x", 0, 0, 0.3), "bracket 0 trains to r_max at once");
        assertEquals(Fate.CONTINUE, hb.report("y", 2, 0, 0.3));
        assertEquals(new Decision.Promote("y", 1), hb.promote());
        for (long seq = 0; seq < 50; seq++) {
            assertEquals(hb.bracketOf(seq), new HyperbandScheduler(1, 9, 3, Fidelity.Unit.STEPS, 7).bracketOf(seq));
        }
    }

    @Test
    void schedulersAreBuiltByNameFromTheirSection() {
        TrialScheduler asha = Registry.global().build(TrialScheduler.KIND,
                ConfigFactory.parseString("type = asha, min_resource = 10, max_resource = 90, resource = epochs"), java.util.Map.of());
        assertInstanceOf(AshaScheduler.class, asha);
        assertEquals(java.util.List.of(10.0, 30.0, 90.0), asha.rungs(0).resources());
        assertEquals(Fidelity.Unit.EPOCHS, asha.unit());
        assertInstanceOf(HyperbandScheduler.class, Registry.global().build(TrialScheduler.KIND,
                ConfigFactory.parseString("type = HyperBand"), java.util.Map.of()));
        assertInstanceOf(SuccessiveHalvingScheduler.class, Registry.global().build(TrialScheduler.KIND,
                ConfigFactory.parseString("type = successive_halving"), java.util.Map.of()));
    }
}
