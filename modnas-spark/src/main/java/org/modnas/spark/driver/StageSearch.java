package org.modnas.spark.driver;

import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.modnas.core.estim.StageEpoch;
import org.modnas.core.estim.StageResult;
import org.modnas.core.export.DescFiles;
import org.modnas.core.export.Exporter;
import org.modnas.core.run.RunDirectory;
import org.modnas.core.search.StageOutputs;
import org.modnas.spark.table.AlphaTable;

/**
 * The end of a search whose estimator chain is stages only (a gradient search such as DARTS or
 * ProxylessNAS): its last stage's best desc is the search's, so exporters that name their own file
 * write it there too; every stage that recorded α per epoch gets its rows in the α table; and the
 * summary reports the derived desc and its validation accuracy.
 */
final class StageSearch {
    private StageSearch() {
    }

    static SearchSummary finish(SparkSession spark, RunDirectory run, SearchSettings settings, List<Exporter> exporters,
                                long wallStart) {
        for (String stage : settings.chain().stageNames()) {
            List<StageEpoch> epochs = StageOutputs.read(run, stage).epochs();
            if (!epochs.isEmpty()) {
                AlphaTable.write(spark, run.root().resolve(AlphaTable.FOLDER), stage, epochs);
            }
        }
        String last = settings.chain().lastStage().name();
        StageResult r = StageOutputs.read(run, last);
        if (r.best() != null) {
            for (Exporter e : exporters) {
                if (e.file() != null) {
                    org.modnas.core.store.Location file = run.outputsDir().resolve(e.file());
                    DescFiles.write(file, e, r.best());
                }
            }
        }
        Double accuracy = r.metrics().get("accuracy");
        return new SearchSummary(settings.runId(), settings.runDir(), 0, 0, 0, Map.of(),
                r.best() == null ? null : r.best().hash(), accuracy, r.best() == null ? null : r.best().toJson(),
                "stage " + last + " finished", false, null, (System.nanoTime() - wallStart) / 1e9);
    }
}
