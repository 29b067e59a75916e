package org.modnas.core.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BestCandidateTest {
    record C(long seq, boolean ok, Double score) {
    }

    @Test
    void onlyACompletedCandidateWithAFiniteScoreCanBeBest() {
        assertTrue(BestCandidate.eligible(true, 0.5));
        assertFalse(BestCandidate.eligible(false, 0.9), "failed, timed out or pruned");
        assertFalse(BestCandidate.eligible(true, null));
        assertFalse(BestCandidate.eligible(true, Double.NaN));
        assertFalse(BestCandidate.eligible(true, Double.POSITIVE_INFINITY));
    }

    @Test
    void theHigherScoreWinsAndTheEarlierProposalOnTies() {
        List<C> cs = new ArrayList<>(List.of(new C(3, true, 0.7), new C(1, true, 0.9), new C(2, true, 0.9), new C(0, true, 0.1)));
        cs.sort(BestCandidate.bestFirst(C::score, C::seq));
        assertEquals(List.of(1L, 2L, 3L, 0L), cs.stream().map(C::seq).toList());
        assertTrue(BestCandidate.beats(0.9, 1, 0.9, 2));
        assertFalse(BestCandidate.beats(0.9, 2, 0.9, 1));
        assertTrue(BestCandidate.beats(0.91, 9, 0.9, 1));
    }
}
