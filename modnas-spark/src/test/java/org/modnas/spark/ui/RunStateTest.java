package org.modnas.spark.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modnas.core.estim.CandidateStatus;
import org.modnas.spark.report.RunSummary;
import org.modnas.spark.table.CandidateRow;

/**
 * The dashboard's best candidate is the report's: a candidate stopped early (PRUNED) scored on less
 * training never counts as best, however high its score.
 */
class RunStateTest {
    @TempDir
    Path tmp;

    @Test
    void aPrunedCandidateWithAHigherScoreIsNotTheBest() throws Exception {
        Path run = DashboardFixture.run(tmp, "pruned", 12);
        DashboardFixture.append(run, List.of(DashboardFixture.row(40, CandidateStatus.PRUNED, null, 0.999)));
        RunState state = new RunState("pruned", org.modnas.core.store.Location.of(run)).refresh();
        CandidateRow best = state.best();
        assertEquals(CandidateStatus.OK, best.status());
        assertEquals(RunSummary.best(state.finalRows(), 1).get(0), best);
        double highest = 0;
        for (int i = 0; i < 12; i++) {
            highest = Math.max(highest, DashboardFixture.accuracy(i));
        }
        assertEquals(highest, best.score(), 1e-12);
    }
}
