package org.modnas.spark.store;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modnas.core.config.ConfigLoader;
import org.modnas.core.store.Location;
import org.modnas.spark.driver.SearchSummary;
import org.modnas.spark.driver.SparkSearch;

/**
 * A run folder on HDFS against one on the local disk, the same searches side by side in
 * {@code local[2]}, alternating: an ASHA search (wall time, the time per candidate the run store
 * adds, checkpoint bytes written and left), and the resume of a spent run of 10,000 rows with a
 * no-op estimator. A benchmark, not a test: its name keeps it out of the build's test run.
 * <pre>mvn -B -pl modnas-spark test -Dtest=RunStoreBenchmark -Dsurefire.failIfNoSpecifiedTests=false</pre>
 * prints {@code bench=run_store} lines ({@code -Dmodnas.bench.rows=N} for another table size,
 * {@code -Dmodnas.bench.hadoop_defaults=false} for Hadoop's own client settings).
 */
class RunStoreBenchmark {
    @TempDir
    Path tmp;

    private static String asha(String runId, String output) {
        return """
                search_space.params { slot_0 = [a, b, c, d], slot_1 = [x, y, z], slot_2 = [p, q], slot_3 = [u, v, w] }
                search.optim.type = RandomSearchOptim
                search.scheduler { type = ASHA, min_resource = 1, max_resource = 9, reduction_factor = 3, resource = epochs }
                search.estim.search { type = SleepEstimator, seconds = 0.2 }
                search.budget.candidates = 40
                spark.progress = false
                """ + "run.id = " + runId + "\noutput.dir = \"" + output + "\"\n";
    }

    private static String large(String runId, String output, int rows) {
        return """
                search_space.params { s0 = [a,b,c,d,e,f,g,h], s1 = [a,b,c,d,e,f,g,h], s2 = [a,b,c,d,e,f,g,h], s3 = [a,b,c,d,e,f,g,h], s4 = [a,b,c,d,e,f,g,h] }
                search.optim.type = RandomSearchOptim
                search.estim.search { type = SleepEstimator, seconds = 0 }
                spark.progress = false
                spark.flush_rows = 1024
                ui.enabled = false
                """ + "search.budget.candidates = " + rows + "\nrun.id = " + runId + "\noutput.dir = \"" + output + "\"\n";
    }

    private static double search(SparkSession spark, String text) {
        long t0 = System.nanoTime();
        SearchSummary s = SparkSearch.search(spark, new ConfigLoader().load(ConfigFactory.parseString(text), "search", List.of()),
                System.err);
        double took = (System.nanoTime() - t0) / 1e9;
        if (!s.stopReason().equals("candidate budget")) {
            throw new IllegalStateException(s.stopReason());
        }
        return took;
    }

    /** What the last session's log says of the run store's time, as {@code key=value} pairs. */
    private static String timing(Location run) throws java.io.IOException {
        Location last = null;
        for (Location l : run.resolve("logs").list()) {
            if (last == null || l.modifiedMillis() >= last.modifiedMillis()) {
                last = l;
            }
        }
        String log = last.readString();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("run store ([0-9.]+) s on the driver's thread \\(([0-9.]+) ms per "
                + "candidate evaluated\\), ([0-9.]+) s writing (\\d+) table files").matcher(log);
        if (!m.find()) {
            throw new IllegalStateException("no run store timing in " + last);
        }
        return "driver_store_s=" + m.group(1) + " driver_store_ms_per_candidate=" + m.group(2) + " table_writer_s=" + m.group(3)
                + " table_files=" + m.group(4);
    }

    @Test
    void hdfsAgainstTheLocalDisk() throws Exception {
        int rows = Integer.getInteger("modnas.bench.rows", 10_000);
        MiniHdfs hdfs = MiniHdfs.start(tmp.resolve("hdfs"));
        SparkSession.Builder builder = SparkSession.builder().master("local[2]").appName("run-store-bench")
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2");
        // the Hadoop settings a search's session gets (-Dmodnas.bench.hadoop_defaults=false: Hadoop's own)
        if (Boolean.parseBoolean(System.getProperty("modnas.bench.hadoop_defaults", "true"))) {
            HadoopFileStore.DEFAULTS.forEach((k, v) -> builder.config("spark.hadoop." + k, v));
        }
        SparkSession spark = builder.getOrCreate();
        try {
            String[] where = {tmp.resolve("runs").toString(), hdfs.uri() + "/runs"};
            String[] name = {"local", "hdfs"};
            for (int k = 0; k < 2; k++) {
                Location dir = Location.of(where[k]).resolve("ops");
                int n = 50;
                long t0 = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    dir.resolve("f" + i).write("checkpoint " + i);
                }
                long t1 = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    dir.resolve("f" + i).readBytes();
                }
                long t2 = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    dir.resolve("f" + i).isFile();
                }
                long t3 = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    dir.resolve("f" + i).delete();
                }
                long t4 = System.nanoTime();
                System.out.printf(Locale.ROOT, "bench=run_store ops store=%s write_ms=%.1f read_ms=%.1f is_file_ms=%.2f delete_ms=%.2f%n",
                        name[k], (t1 - t0) / 1e6 / n, (t2 - t1) / 1e6 / n, (t3 - t2) / 1e6 / n, (t4 - t3) / 1e6 / n);
            }
            search(spark, asha("warmup", where[0]));
            for (int round = 0; round < 2; round++) {
                for (int k = 0; k < 2; k++) {
                    String id = "asha-" + round;
                    double wall = search(spark, asha(id, where[k]));
                    Location run = Location.of(where[k]).resolve(id);
                    System.out.printf(Locale.ROOT, "bench=run_store search=asha store=%s round=%d wall_s=%.2f checkpoints_left_bytes=%d "
                                    + "%s%n", name[k], round, wall, run.resolve("trials").totalBytes(), timing(run));
                }
            }
            for (int k = 0; k < 2; k++) {
                double first = search(spark, large("large", where[k], rows));
                double resume = search(spark, large("large", where[k], rows));
                System.out.printf(Locale.ROOT, "bench=run_store search=large store=%s rows=%d search_s=%.2f resume_spent_run_s=%.2f "
                        + "%s%n", name[k], rows, first, resume, timing(Location.of(where[k]).resolve("large")));
            }
        } finally {
            spark.stop();
            hdfs.close();
        }
    }
}
