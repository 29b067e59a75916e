package org.modnas.spark.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modnas.core.config.ConfigLoader;
import org.modnas.spark.SparkTestSessions;
import org.modnas.spark.report.ShowCommand;
import org.modnas.spark.table.CandidateRow;
import org.modnas.spark.table.TableFiles;

/**
 * A table file cut in half does not make a run unusable: the rerun moves it into the run's
 * quarantine folder with one warning naming it and its rows, evaluates its candidates again, and
 * {@code show} reads the rest without a stack trace.
 */
class DamagedTableTest {
    @Test
    void aTruncatedFileIsQuarantinedItsCandidatesEvaluatedAgainAndShowStillWorks(@TempDir Path tmp) throws Exception {
        String conf = """
                search_space.params { slot_0 = [a, b, c, d], slot_1 = [x, y, z], slot_2 = [p, q] }
                search.optim.type = RandomSearchOptim
                search.estim.search { type = NoOpEstimator }
                search.budget.candidates = 10
                spark.flush_rows = 3
                spark.progress = false
                spark.conf { "spark.ui.enabled" = false }
                run.id = damaged
                """ + "output.dir = \"" + tmp + "\"\n";
        SparkSession spark = SparkTestSessions.local2();
        PrintStream stderr = System.err;
        ByteArrayOutputStream warnings = new ByteArrayOutputStream();
        try {
            SparkSearch.search(spark, new ConfigLoader().load(ConfigFactory.parseString(conf), "search", List.of()), System.err);
            Path table = tmp.resolve("damaged/candidates");
            Path victim;
            try (Stream<Path> files = Files.list(table)) {
                victim = files.filter(p -> p.toString().endsWith(".parquet")).sorted().findFirst().orElseThrow();
            }
            long lost = TableFiles.read(new org.apache.hadoop.fs.Path(victim.toUri()), new Configuration()).size();
            try (RandomAccessFile f = new RandomAccessFile(victim.toFile(), "rw")) {
                f.setLength(f.length() / 2);
            }
            System.setErr(new PrintStream(warnings, true, StandardCharsets.UTF_8));
            SearchSummary again = SparkSearch.search(spark, new ConfigLoader().load(ConfigFactory.parseString(conf), "search",
                    List.of()), System.err);
            assertEquals(10, again.total());
            assertEquals(lost, again.evaluatedHere(), "the candidates the damaged file held are evaluated again");
            List<CandidateRow> rows = TableFiles.readAll(new org.apache.hadoop.fs.Path(table.toUri()), new Configuration());
            assertEquals(10, rows.size());
            assertEquals(10, rows.stream().map(CandidateRow::candidateId).distinct().count());
            assertTrue(Files.exists(tmp.resolve("damaged/quarantine").resolve(victim.getFileName())), "moved aside");
        } finally {
            System.setErr(stderr);
            spark.stop();
        }
        String said = warnings.toString(StandardCharsets.UTF_8);
        assertEquals(1, said.lines().filter(l -> l.startsWith("warning: the table file " + "")).count(), said);
        assertTrue(said.contains("moved to") && said.contains("whose candidates a resumed search evaluates again"), said);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(0, ShowCommand.run(List.of(tmp.resolve("damaged").toString()), new PrintStream(out), new PrintStream(err)),
                err.toString());
        assertFalse(err.toString().contains("\tat "), "no stack trace");
    }
}
