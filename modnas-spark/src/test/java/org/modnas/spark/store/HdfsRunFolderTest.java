package org.modnas.spark.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.modnas.core.config.ConfigLoader;
import org.modnas.core.estim.CandidateStatus;
import org.modnas.core.run.RunLease;
import org.modnas.core.store.Location;
import org.modnas.spark.SparkSessionExtension;
import org.modnas.spark.driver.SearchSummary;
import org.modnas.spark.driver.SparkSearch;
import org.modnas.spark.report.ExportCommand;
import org.modnas.spark.report.ShowCommand;
import org.modnas.spark.table.CandidateRow;
import org.modnas.spark.table.CandidatesTable;

/**
 * A run folder on a real HDFS (a NameNode and a DataNode in this JVM): a search under early stopping
 * writes its table, config, snapshots, checkpoints, outputs, log and report there and nothing on the
 * local disk, resumes from it, holds its lease there, and {@code show} and {@code export} read it by
 * its URI; the file system's own operations keep their promises.
 */
@ExtendWith(SparkSessionExtension.class)
class HdfsRunFolderTest {
    private static MiniHdfs hdfs;
    private static String root;
    private static SparkSession spark;
    @TempDir
    static Path tmp;

    @BeforeAll
    static void start(SparkSession session) throws Exception {
        spark = session;
        hdfs = MiniHdfs.start(tmp.resolve("hdfs"));
        root = hdfs.uri();
    }

    @AfterAll
    static void stop() {
        if (hdfs != null) {
            hdfs.close();
        }
    }

    private static String conf(String runId, int budget) {
        return """
                search_space.params { slot_0 = [a, b, c, d], slot_1 = [x, y, z], slot_2 = [p, q], slot_3 = [u, v, w] }
                search.optim.type = ShuffleTestOptim
                search.scheduler { type = ASHA, min_resource = 1, max_resource = 9, reduction_factor = 3, resource = epochs }
                search.estim.search { type = SleepEstimator, seconds = 0.3 }
                spark.progress = false
                spark.flush_rows = 2
                spark.flush_interval_s = 0.1
                spark.snapshot_interval_s = 0.3
                """ + "search.budget.candidates = " + budget + "\nrun.id = " + runId + "\noutput.dir = \"" + root + "/runs\"\n";
    }

    private static SearchSummary search(String text) {
        return SparkSearch.search(spark, new ConfigLoader().load(ConfigFactory.parseString(text), "search", List.of()),
                System.err);
    }

    private static List<CandidateRow> rows(String runId) {
        return CandidatesTable.rows(spark, root + "/runs/" + runId + "/candidates");
    }

    @Test
    void aSearchUnderEarlyStoppingKeepsItsWholeRunFolderOnHdfsAndResumesFromIt() throws Exception {
        SearchSummary first = search(conf("asha", 9));
        assertEquals("candidate budget", first.stopReason());
        assertEquals(root + "/runs/asha", first.runDir());
        Location run = Location.of(first.runDir());
        List<CandidateRow> rows = rows("asha");
        assertTrue(rows.stream().anyMatch(r -> r.rung() > 0), "promotions continued from checkpoints read back from HDFS");
        Set<String> keys = new HashSet<>();
        for (CandidateRow r : rows) {
            assertTrue(keys.add(r.key()), "a second row for " + r.key());
            assertFalse(r.status() == CandidateStatus.FAILED, r.toString());
            if (r.rung() == 2) {
                assertFalse(run.resolve("trials/" + r.candidateId()).exists(), "the checkpoints of a finished candidate");
            }
        }
        assertEquals(9, rows.stream().filter(r -> r.rung() == 0).count());
        for (String f : List.of("config.conf", "outputs/arch_search_best.yaml", "outputs/search_results.json",
                "report/index.html")) {
            assertTrue(run.resolve(f).isFile(), f + " on HDFS: " + run.resolve(f).parent().list());
        }
        assertFalse(run.resolve("optimizer").list().isEmpty(), "the optimizer's snapshot");
        assertEquals(1, run.resolve("logs").list().size(), "this session's log");
        assertFalse(run.resolve("lease").isFile(), "the lease is released at the end");


        // a larger budget resumes the run from HDFS: the first nine are not evaluated again
        SearchSummary second = search(conf("asha", 12));
        assertEquals("candidate budget", second.stopReason());
        List<CandidateRow> after = rows("asha");
        keys.clear();
        for (CandidateRow r : after) {
            assertTrue(keys.add(r.key()), "a second row for " + r.key() + " after the resume");
        }
        assertEquals(12, after.stream().filter(r -> r.rung() == 0).count());
        assertEquals(2, run.resolve("logs").list().size(), "one log per session");

        // the spent run again: nothing to evaluate, and outputs and report already up to date with the table
        long resultsWritten = run.resolve("outputs/search_results.json").modifiedMillis();
        SearchSummary spent = search(conf("asha", 12));
        assertEquals(0, spent.evaluatedHere());
        assertEquals(resultsWritten, run.resolve("outputs/search_results.json").modifiedMillis(), "not written again");
        StringBuilder logs = new StringBuilder();
        for (Location l : run.resolve("logs").list()) {
            logs.append(l.readString());
        }
        assertTrue(logs.toString().contains("outputs and report are up to date with the table: not written again"), logs.toString());
        assertTrue(logs.toString().matches("(?s).*run store [0-9.]+ s on the driver's thread \\([0-9.]+ ms per candidate "
                + "evaluated\\), [0-9.]+ s writing \\d+ table files in the background.*"), "where the run store's time went");

        // plain Spark reads the table from its URI, without this project's classes
        assertEquals(after.size(), spark.read().parquet(root + "/runs/asha/candidates").count());
        assertFalse(java.nio.file.Files.exists(Path.of("hdfs:")), "nothing landed on the local disk under the URI's name");

        String[] shown = run("show", ShowCommand::run, List.of(first.runDir()));
        assertTrue(shown[0].matches("(?s).*candidates\\s+12 \\(.*"), shown[0]);
        String out = root + "/exports/asha.json";
        String[] exported = run("export", ExportCommand::run, List.of(first.runDir(), "--format", "json", "--out", out));
        assertTrue(exported[1].contains("exported 12 candidates to " + out), exported[1]);
        assertTrue(Location.of(out).readString().startsWith("["));

        // a table file cut short on HDFS is moved aside with one warning, and the rest is read
        Location part = run.resolve("candidates").list().stream().filter(l -> l.name().endsWith(".parquet")).findFirst()
                .orElseThrow();
        FileSystem fs = hdfs.fileSystem();
        org.apache.hadoop.fs.Path cut = new org.apache.hadoop.fs.Path(part.uri());
        long half = part.length() / 2;
        if (!fs.truncate(cut, half)) { // the last block is recovered in the background
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (!((org.apache.hadoop.hdfs.DistributedFileSystem) fs).isFileClosed(cut) || fs.getFileStatus(cut).getLen() != half) {
                assertTrue(System.nanoTime() < deadline, "HDFS did not finish the truncation within 30 s");
                Thread.sleep(100);
            }
        }
        PrintStream stderr = System.err;
        ByteArrayOutputStream warnings = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(warnings, true, StandardCharsets.UTF_8));
            run("show", ShowCommand::run, List.of(first.runDir()));
        } finally {
            System.setErr(stderr);
        }
        String said = warnings.toString(StandardCharsets.UTF_8);
        assertTrue(said.contains("warning: the table file " + part.name() + " cannot be read"), said);
        assertTrue(run.resolve("quarantine/" + part.name()).isFile(), "moved into the run's quarantine folder");
        assertFalse(part.exists());
    }

    private interface Command {
        int run(List<String> args, PrintStream out, PrintStream err);
    }

    /** Runs a command that must succeed; its standard output and error. */
    private static String[] run(String name, Command c, List<String> args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = c.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        String[] texts = {out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)};
        assertEquals(0, status, name + ": " + texts[1]);
        return texts;
    }

    @Test
    void theLeaseOnHdfsRefusesALiveHolderAndTakesOverAStaleOne() throws Exception {
        Location run = Location.of(root + "/runs/leased");
        run.resolve(RunLease.FILE).write("host elsewhere, pid 1, started 2026-01-01T00:00:00Z\n");
        RunLease.HeldException held = assertThrows(RunLease.HeldException.class, () -> RunLease.acquire(run, s -> { }));
        assertTrue(held.getMessage().contains("in use by another driver (host elsewhere, pid 1"), held.getMessage());

        FileSystem fs = hdfs.fileSystem();
        long old = System.currentTimeMillis() - (RunLease.STALE_SECONDS + 30) * 1000L;
        fs.setTimes(new org.apache.hadoop.fs.Path(run.resolve(RunLease.FILE).uri()), old, -1);
        List<String> warnings = new ArrayList<>();
        try (RunLease lease = RunLease.acquire(run, warnings::add)) {
            assertEquals(1, warnings.size(), warnings.toString());
            assertTrue(warnings.get(0).contains("took over the lease"), warnings.get(0));
            assertTrue(run.resolve(RunLease.FILE).readString().contains("pid " + ProcessHandle.current().pid()));
        }
        assertFalse(run.resolve(RunLease.FILE).exists(), "released");
    }

    @Test
    void aSearchsSessionAsksHdfsToCheckAClosedFileSoonUnlessItsConfigSaysOtherwise() {
        String key = "spark.hadoop.dfs.client.block.write.locateFollowingBlock.initial.delay.ms";
        com.typesafe.config.Config base = ConfigFactory.parseString("spark.master = \"local[1]\"");
        assertEquals("20", org.modnas.spark.driver.SearchSessions.conf(
                base.withFallback(ConfigFactory.defaultReference()).resolve(), true).get(key));
        assertEquals("400", org.modnas.spark.driver.SearchSessions.conf(ConfigFactory.parseString("spark.conf { \"" + key
                + "\" = 400 }").withFallback(base).withFallback(ConfigFactory.defaultReference()).resolve(), true).get(key));
    }

    @Test
    void aRunFolderOnHdfsIsCheckedBeforeAnyWork() throws Exception {
        org.modnas.core.run.RunDirectory.of(Location.of(root + "/checked"), "new").checkWritable();
        assertFalse(Location.of(root + "/checked/new").exists(), "the check leaves nothing behind");
        Location.of(root + "/checked/file").write("not a folder");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> org.modnas.core.run.RunDirectory.of(Location.of(root + "/checked"), "file").checkWritable());
        assertTrue(e.getMessage().startsWith("output.dir: the run folder " + root + "/checked/file cannot be used: it is a file"),
                e.getMessage());
    }

    @Test
    void hdfsKeepsTheFileStorePromises() throws Exception {
        Location dir = Location.of(root + "/store");
        Location f = dir.resolve("a/state.json");
        f.write("old");
        f.write("new");
        assertEquals("new", f.readString());
        assertEquals(List.of("state.json"), dir.resolve("a").list().stream().map(Location::name).toList(),
                "no temporary or checksum file is left beside it");
        assertThrows(java.io.UncheckedIOException.class, () -> f.write(out -> {
            out.write("half".getBytes(StandardCharsets.UTF_8));
            throw new java.io.IOException("disk full");
        }));
        assertEquals("new", f.readString(), "a failed write leaves the old file");
        assertEquals(List.of("state.json"), dir.resolve("a").list().stream().map(Location::name).toList());

        Location lease = dir.resolve("lease");
        assertTrue(lease.createNew("1".getBytes(StandardCharsets.UTF_8)));
        assertFalse(lease.createNew("2".getBytes(StandardCharsets.UTF_8)));
        assertEquals("1", lease.readString());
        assertFalse(lease.renameTo(f), "rename never replaces");
        assertTrue(lease.renameTo(dir.resolve("lease.old")));
        assertFalse(lease.exists());

        assertEquals(List.of("a", "lease.old"), dir.list().stream().map(Location::name).toList());
        assertEquals(4, dir.totalBytes());
        assertTrue(dir.resolve("a").deleteAll());
        assertEquals(List.of(), dir.resolve("a").list());
    }

    private static byte[] idx(int magic, int n, int... dims) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(8 + 4 * dims.length + n * java.util.Arrays.stream(dims).reduce(1, (x, y) -> x * y));
        b.putInt(magic).putInt(n);
        for (int d : dims) {
            b.putInt(d);
        }
        for (int i = 8 + 4 * dims.length; i < b.capacity(); i++) {
            b.put((byte) (i % 10));
        }
        return b.array();
    }

    @Test
    void aDataSetOnHdfsIsCopiedOnceIntoTheMachinesCacheAndRefusedNamingItsUriWhenBroken() throws Exception {
        Location data = Location.of(root + "/data/mnist");
        for (String split : List.of("train", "t10k")) {
            data.resolve(split + "-images-idx3-ubyte").write(idx(2051, 5, 2, 2));
            data.resolve(split + "-labels-idx1-ubyte").write(idx(2049, 5));
        }
        Path cache = tmp.resolve("data-cache");
        System.setProperty("modnas.data.cache", cache.toString());
        try {
            com.typesafe.config.Config c = ConfigFactory.parseString("type = MNIST, root = \"" + data + "\"");
            org.modnas.models.data.DataSource source = org.modnas.core.registry.Registry.global()
                    .build(org.modnas.models.data.DataSource.KIND, c, java.util.Map.of());
            source.check();
            assertEquals(5, source.train().size());
            assertEquals(5, source.test().size());
            long copies;
            try (var files = java.nio.file.Files.walk(cache)) {
                copies = files.filter(java.nio.file.Files::isRegularFile).count();
            }
            assertEquals(4, copies, "each file copied once, however often it is read");

            // a changed file is copied again: the cache never serves a stale copy
            data.resolve("train-labels-idx1-ubyte").write(idx(2049, 4));
            org.modnas.models.data.DataException e = assertThrows(org.modnas.models.data.DataException.class, source::check);
            assertTrue(e.getMessage().contains(data + "/train-"), "the error names the URI: " + e.getMessage());
            assertFalse(e.getMessage().contains(cache.toString()), e.getMessage());

            data.resolve("train-labels-idx1-ubyte").write(idx(2049, 5));
            source.check();
            data.resolve("t10k-images-idx3-ubyte").delete();
            e = assertThrows(org.modnas.models.data.DataException.class, () -> org.modnas.core.registry.Registry.global()
                    .build(org.modnas.models.data.DataSource.KIND, c, java.util.Map.of()).check());
            assertTrue(e.getMessage().contains(data + "/t10k-images-idx3-ubyte.gz not found"), e.getMessage());
        } finally {
            System.clearProperty("modnas.data.cache");
        }
    }
}
