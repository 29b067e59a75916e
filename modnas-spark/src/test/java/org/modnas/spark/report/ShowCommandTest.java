package org.modnas.spark.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modnas.spark.SparkTestSessions;

/** {@code modnas show} on a run folder written through the table code, and its usage errors. */
class ShowCommandTest {
    private static SparkSession spark;
    @TempDir
    static Path tmp;
    private static Path run;
    /** One {@code show} of the mixed run, shared by the tests that read its text. */
    private static Result shown;

    @BeforeAll
    static void start() throws Exception {
        spark = SparkTestSessions.local2();
        run = RunFixture.mixedRun(tmp.resolve("mixed"));
        shown = show(run.toString());
        System.out.println(shown.out());
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    /** Exit status, standard output and standard error of one command. */
    record Result(int status, String out, String err) {
    }

    static Result show(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = ShowCommand.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void summaryNamesTheRunAndCountsEachStatusWithRetriedCandidateOnce() {
        Result r = shown;
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("fixture-run"), r.out());
        assertTrue(r.out().contains("RegularizedEvolution"), r.out());
        assertTrue(r.out().contains("cfg0123456789abcdef"), r.out());
        assertTrue(r.out().contains("10 (OK 7, FAILED 2, TIMEOUT 1)"), r.out());
    }

    @Test
    void bestCandidateComesFirstWithItsMetricsAndArch() {
        String out = shown.out();
        String best = out.lines().filter(l -> l.trim().startsWith("1 ")).findFirst().orElseThrow(() -> new AssertionError(out));
        assertTrue(best.contains(RunFixture.BEST_ID), best);
        assertTrue(best.contains("0.91"), best);
        assertTrue(best.contains("900000"), best);
        assertTrue(best.contains("slot_0=MB7E6"), best);
        // top five of seven scored candidates
        assertTrue(out.lines().anyMatch(l -> l.trim().startsWith("5 ")), out);
        assertFalse(out.lines().anyMatch(l -> l.trim().startsWith("6 ")), out);
    }

    @Test
    void executorsAreListedWithHostGpuAndCandidateCounts() {
        String out = shown.out();
        assertTrue(Pattern.compile("(?m)^\\s+1\\s+host-a\\s+0\\s+5\\s").matcher(out).find(), out);
        Matcher b = Pattern.compile("(?m)^\\s+2\\s+host-b\\s+-\\s+5\\s").matcher(out);
        assertTrue(b.find(), out); // 5, not 6: the retried copy of candidate 3 is not counted
    }

    @Test
    void timePerCandidateAndFirstErrorLinesAreShown() {
        String out = shown.out();
        assertTrue(Pattern.compile("(?m)^\\s+train_seconds\\s+7\\s").matcher(out).find(), out);
        assertTrue(Pattern.compile("(?m)^\\s+wall\\s+10\\s+3\\.5\\s").matcher(out).find(), out);
        assertTrue(out.contains("FAILED   java.lang.IllegalStateException: loss is NaN, at epoch 2"), out);
        assertFalse(out.contains("org.example.Trainer.step"), "only the first line of an error: " + out);
        assertTrue(out.contains("TIMEOUT  candidate exceeded 30 s"), out);
        assertTrue(out.contains("out of memory"), out);
    }

    @Test
    void helpPrintsUsageAndExitsZero() {
        Result r = show("--help");
        assertEquals(0, r.status());
        assertTrue(r.out().contains("Usage: show"), r.out());
    }

    @Test
    void missingArgumentIsAUsageError() {
        Result r = show();
        assertEquals(2, r.status());
        assertTrue(r.err().contains("<run dir>"), r.err());
    }

    @Test
    void missingRunFolderExitsTwoNamingThePath() {
        Path missing = tmp.resolve("no-such-run");
        Result r = show(missing.toString());
        assertEquals(2, r.status());
        assertTrue(r.err().contains("no run folder at " + missing), r.err());
    }

    @Test
    void folderWithoutTableExitsTwoNamingTheTablePath() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("empty-run"));
        Result r = show(empty.toString());
        assertEquals(2, r.status());
        assertTrue(r.err().contains("no candidates table in " + empty), r.err());
        assertTrue(r.err().contains(empty.resolve("candidates").toString()), r.err());
    }

    @Test
    void tableFolderWithoutParquetFilesExitsTwo() throws Exception {
        Path started = Files.createDirectories(tmp.resolve("started-run").resolve("candidates"));
        Result r = show(started.getParent().toString());
        assertEquals(2, r.status());
        assertTrue(r.err().contains(started + " holds no Parquet files"), r.err());
    }
}
