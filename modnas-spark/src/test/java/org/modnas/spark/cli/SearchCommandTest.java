package org.modnas.spark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modnas.core.config.ConfigLoader;
import org.modnas.core.config.LoadedConfig;
import org.modnas.core.run.RunDirectory;

/** The search command's usage and config errors: all decided before Spark starts. */
class SearchCommandTest {
    @TempDir
    Path tmp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return SearchCommand.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    /** A valid search of a two-choice space with the no-op estimator, written to {@code name}. */
    private Path noOpSearch(String name) throws java.io.IOException {
        Path conf = tmp.resolve(name);
        Files.writeString(conf, "search_space.params { a = [x, y] }\nsearch.optim.type = ShuffleTestOptim\n"
                + "search.estim.search.type = NoOpEstimator\n");
        return conf;
    }

    @Test
    void helpPrintsUsageAndExitsZero() {
        assertEquals(0, run("--help"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("key=value"));
    }

    @Test
    void missingConfigFileExitsTwoNamingTheFile() {
        assertEquals(2, run(tmp.resolve("nope.conf").toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("nope.conf"));
    }

    @Test
    void noArgumentsIsAUsageErrorWithStatusTwo() {
        assertEquals(2, run());
    }

    @Test
    void nonPositiveBudgetIsAConfigErrorWithStatusTwo() throws Exception {
        Path conf = noOpSearch("bad.conf");
        assertEquals(2, run(conf.toString(), "search.budget.candidates=0"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("search.budget.candidates must be >= 1, got 0"),
                err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void anOutputFolderOnAFileSystemNothingServesIsAConfigErrorBeforeAnyWork() throws Exception {
        Path conf = noOpSearch("remote.conf");
        assertEquals(2, run(conf.toString(), "output.dir=\"nosuchfs://host/runs\""));
        String said = err.toString(StandardCharsets.UTF_8);
        assertTrue(said.contains("no file system for 'nosuchfs://' locations here"), said);
        assertEquals(2, run(conf.toString(), "output.dir=\"hdfs:runs\""));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("output.dir: 'hdfs:runs' is not a location"),
                err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void malformedConfigIsAConfigErrorWithStatusTwo() throws Exception {
        Path conf = tmp.resolve("broken.conf");
        Files.writeString(conf, "search { optim = \n");
        assertEquals(2, run(conf.toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("broken.conf"));
    }

    @Test
    void overridesTakeHoconOrPlainStringsAndTheRunIdDefaultsToTheFileNameAndHash() throws Exception {
        Path conf = tmp.resolve("my search.conf");
        Files.writeString(conf, "search.budget.candidates = 5\n");
        LoadedConfig loaded = new ConfigLoader().loadAny(conf, List.of("spark.master=local[2]", "search.budget.candidates=9",
                "search_space.params.a=[x, y]"));
        Config c = loaded.config();
        assertEquals("local[2]", c.getString("spark.master"));
        assertEquals(9, c.getInt("search.budget.candidates"));
        assertEquals(List.of("x", "y"), c.getStringList("search_space.params.a"));
        assertEquals("my_search-" + loaded.searchIdentity().substring(0, 8), RunDirectory.of(loaded).runId());
    }

    @Test
    void unknownKeyIsAConfigErrorNamingFileLineAndKey() throws Exception {
        Path conf = tmp.resolve("typo.conf");
        Files.writeString(conf, "search_space.params { a = [x, y] }\nsearch.optim.type = ShuffleTestOptim\n"
                + "search.estim.search.type = NoOpEstimator\nspark.queue_dept = 2\n");
        assertEquals(2, run(conf.toString()));
        String text = err.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("typo.conf: 4") || text.contains("typo.conf:4"), text);
        assertTrue(text.contains("spark.queue_dept"), text);
    }

    @Test
    void anEstimatorBeforeTheSearchOneThatIsNotAStageIsRejected() throws Exception {
        Path conf = tmp.resolve("chain.conf");
        Files.writeString(conf, "search_space.params { a = [x, y] }\nsearch.optim.type = ShuffleTestOptim\n"
                + "search.estim.warmup.type = WarmupTestEstimator\nsearch.estim.search.type = NoOpEstimator\n");
        assertEquals(2, run(conf.toString()));
        String text = err.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("search.estim.warmup (WarmupTestEstimator) comes before the candidate estimator 'search' "
                + "but is not a stage"), text);
    }

    @Test
    void anUnknownSparkEstimatorEntryIsNamed() throws Exception {
        Path conf = tmp.resolve("named.conf");
        Files.writeString(conf, "search_space.params { a = [x, y] }\nsearch.optim.type = ShuffleTestOptim\n"
                + "search.estim.search.type = NoOpEstimator\nspark.estimator = nope\n");
        assertEquals(2, run(conf.toString()));
        String text = err.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("with spark.estimator = nope: the candidate estimator is set to 'nope' but search.estim "
                + "has no such entry; entries: [search (NoOpEstimator)]"), text);
    }

    @Test
    void onlyNonTaskEstimatorsAreRejected() throws Exception {
        Path conf = tmp.resolve("warm.conf");
        Files.writeString(conf, "search_space.params { a = [x, y] }\nsearch.optim.type = ShuffleTestOptim\n"
                + "search.estim.warmup.type = WarmupTestEstimator\n");
        assertEquals(2, run(conf.toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("evaluates single candidates"),
                err.toString(StandardCharsets.UTF_8));
    }

    /** The rows of a run under {@code tmp/runs}, read with a local session as a notebook would. */
    private java.util.List<org.modnas.spark.table.CandidateRow> rows(String runId) {
        return org.modnas.spark.report.RunTable.collect(org.modnas.spark.table.CandidatesTable.read(
                org.apache.spark.sql.SparkSession.builder().master("local[1]").getOrCreate(),
                tmp.resolve("runs").resolve(runId).resolve("candidates").toString()));
    }

    private String errText() {
        String t = err.toString(StandardCharsets.UTF_8);
        err.reset();
        out.reset();
        return t;
    }

    @Test
    void aRunResumesWithALargerBudgetButRefusesAChangedConfigNamingTheKeys() throws Exception {
        Path conf = tmp.resolve("pinned.conf");
        Files.writeString(conf, "search_space.params { a = [x, y, z], b = [p, q] }\nsearch.optim.type = ShuffleTestOptim\n"
                + "search.estim.search.type = NoOpEstimator\nrun.id = pinned\noutput.dir = \"" + tmp.resolve("runs") + "\"\n"
                + "spark.master = \"local[2]\"\nspark.progress = false\n");
        assertEquals(0, run(conf.toString(), "search.budget.candidates=2"), errText());
        Path table = tmp.resolve("runs/pinned/candidates");
        assertEquals(0, run(conf.toString(), "search.budget.candidates=4", "spark.slots=1"), errText());
        long before = Files.list(table).filter(p -> p.toString().endsWith(".parquet")).count();
        byte[] stored = Files.readAllBytes(tmp.resolve("runs/pinned/config.conf"));
        assertEquals(2, run(conf.toString(), "search.budget.candidates=6", "search_space.params.b=[p, q, r]"));
        String text = errText();
        assertTrue(text.contains("run pinned in " + tmp.resolve("runs/pinned") + " was started with a different config"), text);
        assertTrue(text.contains("search_space.params.b: [p, q] -> [p, q, r]"), text);
        assertTrue(text.contains("run.allow_config_change=true"), text);
        assertEquals(before, Files.list(table).filter(p -> p.toString().endsWith(".parquet")).count(), "nothing written");
        assertTrue(java.util.Arrays.equals(stored, Files.readAllBytes(tmp.resolve("runs/pinned/config.conf"))));
        assertEquals(0, run(conf.toString(), "search.budget.candidates=6", "search_space.params.b=[p, q, r]",
                "run.allow_config_change=true"), errText());
    }

    @Test
    void aSearchWhoseCandidatesKeepFailingStopsWithTheLastErrorAndKeepsItsRows() throws Exception {
        Path conf = tmp.resolve("failing.conf");
        Files.writeString(conf, "search_space.params { a = [x], b = [p, q, r, s, t, u, v, w, y, z] }\n"
                + "search.optim.type = ShuffleTestOptim\nsearch.estim.search { type = FaultyTestEstimator, fail_choice = x }\n"
                + "search.budget { candidates = 10, max_failures = 3 }\nrun.id = failing\noutput.dir = \"" + tmp.resolve("runs")
                + "\"\nspark.master = \"local[1]\"\nspark.progress = false\nspark.task_target_s = 0\n");
        assertEquals(1, run(conf.toString()));
        String text = errText();
        assertTrue(text.contains("search stopped: 3 candidates in a row failed (search.budget.max_failures = 3); "
                + "the last error: "), text);
        assertTrue(text.contains("boom on x"), text);
        var rows = rows("failing");
        assertEquals(3, rows.size());
        assertTrue(rows.stream().allMatch(r -> r.status() == org.modnas.core.estim.CandidateStatus.FAILED));
        assertTrue(rows.stream().allMatch(r -> "cpu".equals(r.device())), "each failed where it ran: on the CPU");
    }

    @Test
    void aGpuRequiredWhereTheEngineHasNoCudaFailsTheFirstCandidateAndStopsTheSearch() throws Exception {
        Path conf = tmp.resolve("gpu.conf");
        Files.writeString(conf, "search_space.params { a = [x, y, z], b = [p, q, r] }\nsearch.optim.type = ShuffleTestOptim\n"
                + "search.estim.search.type = NoOpEstimator\ntrainer.device = gpu\nrun.id = gpu\noutput.dir = \""
                + tmp.resolve("runs") + "\"\nspark.master = \"local[1]\"\nspark.progress = false\nspark.task_target_s = 0\n");
        assertEquals(1, run(conf.toString()));
        String text = errText();
        assertTrue(text.contains("search stopped: a fault no candidate can escape; the last error: trainer.device = gpu, "
                + "but the PyTorch native library on the class path has no CUDA support"), text);
        assertTrue(text.contains("MODNAS_PYTORCH_NATIVE_JAR"), text);
        var rows = rows("gpu");
        assertEquals(1, rows.size(), "one candidate failed, not all nine");
        assertEquals(org.modnas.core.estim.CandidateStatus.FAILED, rows.get(0).status());
        assertEquals(null, rows.get(0).device());
    }
}
