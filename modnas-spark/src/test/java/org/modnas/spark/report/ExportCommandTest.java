package org.modnas.spark.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modnas.spark.SparkTestSessions;
import org.modnas.spark.table.CandidatesTable;

/** {@code modnas export}: CSV and JSON that other tools read back with every row and column. */
class ExportCommandTest {
    private static SparkSession spark;
    @TempDir
    static Path tmp;
    private static Path run;

    @BeforeAll
    static void start() throws Exception {
        spark = SparkTestSessions.local2();
        run = RunFixture.mixedRun(tmp.resolve("mixed"));
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void theTableReadWithoutSparkAsAResumeReadsItIsTheTableSparkReads() throws Exception {
        String folder = run.resolve(CandidatesTable.FOLDER).toUri().toString();
        List<String> warnings = new java.util.ArrayList<>();
        List<org.modnas.spark.table.CandidateRow> direct = org.modnas.spark.table.TableFiles.readRungs(
                new org.apache.hadoop.fs.Path(folder), new org.apache.hadoop.conf.Configuration(), warnings::add);
        assertEquals(CandidatesTable.rows(spark, folder), direct, "the retried candidate's second row dropped by the same rule");
        assertEquals(List.of(), warnings);
    }

    record Result(int status, String out, String err) {
    }

    static Result export(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = ExportCommand.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void csvFileReadsBackWithEveryCandidateAndColumnIncludingQuotedErrors() throws Exception {
        Path csv = tmp.resolve("out/candidates.csv");
        Result r = export(run.toString(), "--format", "csv", "--out", csv.toString());
        assertEquals(0, r.status(), r.err());
        assertEquals("", r.out(), "nothing on standard output when --out is given");
        assertTrue(r.err().contains("exported " + RunFixture.CANDIDATES + " candidates to " + csv), r.err());
        String text = Files.readString(csv);
        assertTrue(text.startsWith(String.join(",", CandidatesTable.columns()) + "\r\n"), "header line, CRLF");

        // read back by an independent RFC 4180 reader
        Dataset<Row> back = spark.read().option("header", true).option("multiLine", true).option("escape", "\"")
                .csv(csv.toString());
        assertEquals(CandidatesTable.columns(), List.of(back.columns()));
        List<Row> rows = back.orderBy(org.apache.spark.sql.functions.col("seq").cast("long")).collectAsList();
        assertEquals(RunFixture.CANDIDATES, rows.size());
        Row failed = rows.get(7);
        assertEquals("FAILED", failed.<String>getAs("status"));
        assertEquals(RunFixture.FAILED_ERROR, failed.<String>getAs("error"), "comma and line break survive quoting");
        assertEquals("candidate exceeded 30 s, \"budget\" spent", rows.get(8).<String>getAs("error"), "quotes doubled");
        JsonNode arch = new ObjectMapper().readTree((String) rows.get(0).getAs("arch"));
        assertEquals(List.of("slot_0", "slot_1", "slot_2", "slot_3", "slot_4"), fieldNames(arch), "arch as JSON, param order kept");
        assertEquals(null, rows.get(0).<String>getAs("error"), "null is an empty field");
    }

    @Test
    void jsonOnStandardOutputIsAnArrayOfObjectsWithNullsKept() throws Exception {
        Result r = export(run.toString(), "--format", "JSON");
        assertEquals(0, r.status(), r.err());
        JsonNode rows = new ObjectMapper().readTree(r.out());
        assertTrue(rows.isArray());
        assertEquals(RunFixture.CANDIDATES, rows.size());
        Set<String> ids = new HashSet<>();
        for (JsonNode row : rows) {
            assertEquals(CandidatesTable.columns(), fieldNames(row));
            ids.add(row.get("candidate_id").asText());
        }
        assertEquals(RunFixture.CANDIDATES, ids.size(), "the retried candidate appears once");
        JsonNode first = rows.get(0);
        assertTrue(first.get("error").isNull(), "null kept for an OK row's error");
        assertTrue(first.get("accuracy").isNumber());
        assertEquals(120000, first.get("params").asLong());
        assertEquals("MB3E3", first.get("arch").get("slot_0").asText());
        assertEquals("2025-06-15T15:06:40Z", first.get("started_at").asText());
        assertTrue(rows.get(7).get("score").isNull(), "a FAILED row has no score");
    }

    @Test
    void unknownFormatExitsTwoNamingTheAllowedOnes() {
        Result r = export(run.toString(), "--format", "xml");
        assertEquals(2, r.status());
        assertTrue(r.err().contains("unknown format 'xml'; allowed: csv, json"), r.err());
    }

    @Test
    void missingFormatIsAUsageError() {
        Result r = export(run.toString());
        assertEquals(2, r.status());
        assertTrue(r.err().contains("--format"), r.err());
    }

    @Test
    void missingTableExitsTwoAndWritesNoFile() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("empty-run"));
        Path out = tmp.resolve("never.json");
        Result r = export(empty.toString(), "--format", "json", "--out", out.toString());
        assertEquals(2, r.status());
        assertTrue(r.err().contains("no candidates table in " + empty), r.err());
        assertFalse(Files.exists(out));
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
