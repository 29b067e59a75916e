package org.modnas.spark.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.modnas.core.config.ConfigLoader;
import org.modnas.core.estim.CandidateStatus;
import org.modnas.spark.SparkSessionExtension;
import org.modnas.spark.table.CandidateRow;
import org.modnas.spark.table.TableFiles;

/**
 * The zero-cost warm-up: random candidates scored by the prefilter's estimator as Spark tasks into
 * {@code <run>/prefilter/}, the search starting with the best of them, and a resumed run reading the
 * prefilter's rows back instead of scoring again.
 */
@ExtendWith(SparkSessionExtension.class)
class PrefilterSearchTest {
    @TempDir
    static Path tmp;
    private static SparkSession spark;

    @BeforeAll
    static void start(SparkSession session) {
        spark = session;
    }

    private static SearchSummary search(int budget) {
        String conf = """
                search_space.params { slot_0 = [a, b, c, d], slot_1 = [x, y, z], slot_2 = [p, q], slot_3 = [u, v, w] }
                search.optim.type = RandomSearchOptim
                search.estim.search { type = NoOpEstimator }
                search.prefilter { candidates = 20, top = 5, metric = accuracy, estim { type = NoOpEstimator } }
                spark.progress = false
                spark.conf { "spark.ui.enabled" = false }
                run.id = warm
                """ + "search.budget.candidates = " + budget + "\noutput.dir = \"" + tmp + "\"\n";
        return SparkSearch.search(spark, new ConfigLoader().load(ConfigFactory.parseString(conf), "search", List.of()),
                System.err);
    }

    private static List<CandidateRow> rows(String folder) throws Exception {
        return TableFiles.readAll(new org.apache.hadoop.fs.Path(tmp.resolve("warm").resolve(folder).toUri()), new Configuration());
    }

    @Test
    void theSearchStartsWithTheBestOfTheScoredCandidatesAndAResumeDoesNotScoreAgain() throws Exception {
        search(10);
        List<CandidateRow> scored = rows("prefilter");
        assertEquals(20, scored.size());
        assertEquals(20, scored.stream().map(CandidateRow::candidateId).distinct().count(), "distinct candidates");
        scored.forEach(r -> assertEquals(CandidateStatus.OK, r.status(), r.error()));
        Set<String> top = scored.stream().sorted(Comparator.comparingDouble((CandidateRow r) -> -r.score()))
                .limit(5).map(CandidateRow::candidateId).collect(Collectors.toSet());
        List<CandidateRow> table = rows("candidates");
        assertEquals(10, table.size());
        Set<String> first = table.stream().filter(r -> r.seq() < 5).map(CandidateRow::candidateId).collect(Collectors.toSet());
        assertEquals(top, first, "the first five candidates are the prefilter's top five");
        search(12);
        assertEquals(20, rows("prefilter").size(), "a resumed run reads the prefilter's rows back");
        List<CandidateRow> resumed = rows("candidates");
        assertEquals(12, resumed.size());
        assertEquals(12, resumed.stream().map(CandidateRow::candidateId).distinct().count(), "nothing evaluated twice");
        assertTrue(resumed.stream().filter(r -> top.contains(r.candidateId())).count() == 5);
    }
}
