package org.modnas.spark.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.modnas.core.arch.ArchDesc;
import org.modnas.core.config.ConfigLoader;
import org.modnas.core.estim.CandidateStatus;
import org.modnas.spark.SparkSessionExtension;
import org.modnas.spark.table.CandidateRow;
import org.modnas.spark.table.CandidatesTable;

/**
 * Once-for-All on Spark, over a supernet small enough to enumerate: a stage of two blocks whose
 * depth is 1 or 2 and whose kernels are 3 or 5, so 8 descs name 6 networks (at depth 1 the second
 * block's kernel changes nothing). Each network is one candidate, evaluated once, and every desc the
 * optimizer proposed is told; after a teacher and progressive shrinking, every candidate is selected
 * on the trained supernet and validated, never trained.
 */
@ExtendWith(SparkSessionExtension.class)
class OnceForAllSearchTest {
    private static SparkSession spark;
    @TempDir
    static Path tmp;

    @BeforeAll
    static void start(SparkSession session) {
        spark = session;
    }

    private static String conf(String runId, String estim) {
        return """
                search_space {
                  model { type = TinyMobileNetV2Test }
                  construct { elastic { type = MobileNetV2ElasticConstructor, repeat_range = [1, 2], expansion_range = [6],
                                        kernel_range = [3, 5] } }
                }
                data { dataset { type = Synthetic, size = 12, n_train = 256, n_test = 64, noise = 0.3 }, batch_size = 32 }
                trainer { threads = 1, lr = 0.05 }
                search.optim.type = ShuffleTestOptim
                search.budget.candidates = 8
                spark.progress = false
                """ + "search.estim " + estim + "\nrun.id = " + runId + "\noutput.dir = \"" + tmp + "\"\n";
    }

    private static SearchSummary search(String text) {
        return SparkSearch.search(spark, new ConfigLoader().load(ConfigFactory.parseString(text), "search", List.of()),
                System.err);
    }

    private static List<CandidateRow> rows(String runId) {
        return CandidatesTable.rows(spark, tmp.resolve(runId).resolve("candidates").toUri().toString());
    }

    @Test
    void descsThatDifferOnlyInSkippedBlocksAreOneCandidate() {
        SearchSummary s = search(conf("canonical", "{ search { type = NoOpEstimator } }"));
        assertEquals("optimizer exhausted", s.stopReason(), "all 8 descs were proposed");
        List<CandidateRow> rows = rows("canonical");
        assertEquals(6, rows.size(), "8 descs, 6 networks");
        Set<String> ids = new HashSet<>();
        for (CandidateRow r : rows) {
            assertTrue(ids.add(r.candidateId()));
            ArchDesc d = ArchDesc.parseCanonical(r.archDesc());
            if (((Number) d.value("stages.2.depth")).intValue() == 1) {
                assertEquals(3, ((Number) d.value("blocks.2.conv.kernel")).intValue(), "a skipped block's kernel is canonical");
            }
        }
        assertEquals(6, s.evaluatedHere(), "each network evaluated once");
    }

    @Test
    void afterShrinkingEveryCandidateIsSelectedOnTheSupernetNotTrained() throws Exception {
        SearchSummary s = search(conf("ofa", """
                {
                  teacher { type = DefaultEstimator, valid_batches = 2 }
                  ps { type = ProgressiveShrinkingEstimator, train_steps = 3, num_bn_batch = 1, valid_batches = 1 }
                  search { type = SubNetEstimator, subnet_epochs = 0, num_bn_batch = 2, valid_batches = 2, measure_latency = false }
                }
                trainer.max_steps = 4
                search.export.layout { type = MobileNetV2ElasticArchDescExporter, file = arch_layout.json }
                """));
        List<CandidateRow> rows = rows("ofa");
        assertEquals(6, rows.size());
        Set<Double> accuracies = new HashSet<>();
        for (CandidateRow r : rows) {
            assertEquals(CandidateStatus.OK, r.status(), r.error());
            assertEquals(0, r.epochs(), "selected, not trained");
            assertTrue(r.metrics().containsKey("bn_seconds"));
            accuracies.add(r.accuracy());
        }
        assertTrue(rows.stream().map(CandidateRow::macs).distinct().count() >= 3, "different subnets, different MACs");
        for (String f : List.of("chkpt/model_teacher.params", "chkpt/model_ps.params", "outputs/ps_results.json",
                "outputs/arch_search_best.yaml")) {
            assertTrue(Files.size(tmp.resolve("ofa").resolve(f)) > 0, f);
        }
        JsonNode layout = new ObjectMapper().readTree(tmp.resolve("ofa/outputs/arch_layout.json").toFile());
        assertEquals(3, layout.size(), "the fixed first block and the stage's two blocks: " + layout);
        assertTrue(layout.get(0).isNull(), layout.toString());
        assertTrue(layout.get(1).asText().matches("MB[35]E6"), layout.toString());
        assertTrue(layout.get(2).asText().matches("MB[35]E6|NIL"), layout.toString());
        JsonNode ps = new ObjectMapper().readTree(tmp.resolve("ofa/outputs/ps_results.json").toFile());
        assertTrue(ps.toString().contains("accuracy_smallest"), ps.toString());
    }
}
