package org.modnas.spark.bench;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.spark.sql.SparkSession;
import org.modnas.core.config.ConfigLoader;
import org.modnas.core.config.LoadedConfig;
import org.modnas.models.train.NativeMemory;
import org.modnas.spark.driver.SearchSessions;
import org.modnas.spark.driver.SparkSearch;
import org.modnas.spark.executor.CandidateTask;

/**
 * {@code modnas bench soak}: a long search in local mode while this JVM's memory is sampled, to see
 * whether an executor's memory stays flat candidate after candidate. Every {@code every} candidates
 * it prints resident memory, the JVM heap in use, what the C allocator has handed out and holds
 * free, and the engine's live arrays, with the means of resident memory and of what lies beyond the
 * heap over the interval just ended; at the end, the growth from candidate {@code warmup} to the
 * last: the mean of the samples (one every half second) over the tenth of the run after
 * {@code warmup} against the mean over its last tenth, since resident memory swings with the
 * candidates in flight. Options: {@code config} (conf/quickstart.conf), {@code candidates} (1000), {@code every}
 * (50), {@code warmup} (100); any {@code key=value} with a dot overrides the config (for tiny
 * candidates, e.g. {@code search.estim.search.train_steps=3}).
 */
public final class SoakBenchmark {
    private SoakBenchmark() {
    }

    public static int run(Map<String, String> options, PrintStream out) throws Exception {
        Path config = Path.of(options.getOrDefault("config", "conf/quickstart.conf"));
        int candidates = Integer.parseInt(options.getOrDefault("candidates", "1000"));
        int every = Integer.parseInt(options.getOrDefault("every", "50"));
        int warmup = Integer.parseInt(options.getOrDefault("warmup", "100"));
        List<String> overrides = new ArrayList<>();
        for (Map.Entry<String, String> o : options.entrySet()) {
            if (o.getKey().contains(".")) {
                overrides.add(o.getKey() + "=" + o.getValue());
            }
        }
        overrides.add("search.budget.candidates=" + candidates);
        overrides.add("search.budget.seconds=0");
        overrides.add("spark.progress=false");
        overrides.add("spark.conf.\"spark.ui.enabled\"=false");
        overrides.add("output.dir=" + Files.createTempDirectory("modnas-soak"));
        overrides.add("run.id=soak");
        LoadedConfig loaded = new ConfigLoader().loadAny(config, overrides);
        SparkSession spark = SearchSessions.create(loaded);
        spark.sparkContext().setLogLevel("WARN");
        long start = CandidateTask.evaluated();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread search = new Thread(() -> {
            try {
                SparkSearch.search(spark, loaded, new PrintStream(OutputStream.nullOutputStream()));
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "soak-search");
        search.start();
        // every sample while candidates run, with the candidates done when it was taken
        List<long[]> samples = new ArrayList<>();
        int next = every;
        long t0 = System.nanoTime();
        while (search.isAlive()) {
            search.join(500);
            long done = CandidateTask.evaluated() - start;
            if (!search.isAlive()) {
                break; // the search's own end (outputs, the report) is not a candidate's
            }
            NativeMemory m = NativeMemory.read();
            samples.add(new long[] {done, m.residentBytes(), m.mallocInUse(), m.mallocFree(), m.heapUsedBytes(),
                m.nonHeapResidentBytes(), m.heapCommittedBytes()});
            if (done >= next) {
                // the interval's mean beside the sample: one sample swings with the candidates in flight
                double[] interval = mean(samples, next - every, next);
                out.printf(Locale.ROOT, "bench=soak candidates=%d seconds=%.0f rss_mb=%.1f heap_committed_mb=%.1f "
                                + "rss_beyond_heap_mb=%.1f heap_used_mb=%.1f malloc_in_use_mb=%.1f malloc_free_mb=%.1f live_arrays=%d "
                                + "interval_rss_mb=%.1f interval_beyond_heap_mb=%.1f%n",
                        done, (System.nanoTime() - t0) / 1e9, mb(m.residentBytes()), mb(m.heapCommittedBytes()),
                        mb(m.nonHeapResidentBytes()), mb(m.heapUsedBytes()), mb(m.mallocInUse()), mb(m.mallocFree()),
                        m.liveArrays(), interval == null ? Double.NaN : mb((long) interval[1]),
                        interval == null ? Double.NaN : mb((long) interval[5]));
                next = (int) (done / every + 1) * every;
            }
        }
        spark.stop();
        if (failure.get() != null) {
            throw new IllegalStateException("the search failed: " + failure.get().getMessage(), failure.get());
        }
        long last = samples.isEmpty() ? 0 : samples.get(samples.size() - 1)[0];
        long window = Math.max(1, (last - warmup) / 10);
        double[] early = mean(samples, warmup, warmup + window);
        // samples taken once the last candidate was done belong to the search's end (outputs, report)
        double[] late = mean(samples, last - window, last);
        if (early != null && late != null && last > warmup) {
            // resident memory swings with the candidates in flight: compare means over a tenth of the run each
            out.printf(Locale.ROOT, "bench=soak_growth from=%d to=%d window=%d rss_mb_early=%.1f rss_mb_late=%.1f "
                            + "rss_growth_pct=%.2f beyond_heap_mb_early=%.1f beyond_heap_mb_late=%.1f beyond_heap_growth_pct=%.2f "
                            + "heap_committed_mb_late=%.1f rss_per_candidate_kb=%.1f malloc_in_use_per_candidate_kb=%.1f "
                            + "malloc_free_per_candidate_kb=%.1f%n",
                    warmup, last, window, mb((long) early[1]), mb((long) late[1]), 100 * (late[1] - early[1]) / early[1],
                    mb((long) early[5]), mb((long) late[5]), 100 * (late[5] - early[5]) / early[5], mb((long) late[6]),
                    (late[1] - early[1]) / 1024 / (last - warmup), (late[2] - early[2]) / 1024 / (last - warmup),
                    (late[3] - early[3]) / 1024 / (last - warmup));
        }
        return 0;
    }

    /** The mean of each figure over the samples taken with {@code from <= candidates done < to}; null when none. */
    private static double[] mean(List<long[]> samples, long from, long to) {
        double[] sum = new double[7];
        int n = 0;
        for (long[] s : samples) {
            if (s[0] >= from && s[0] < to) {
                for (int i = 1; i < sum.length; i++) {
                    sum[i] += s[i];
                }
                n++;
            }
        }
        if (n == 0) {
            return null;
        }
        for (int i = 1; i < sum.length; i++) {
            sum[i] /= n;
        }
        return sum;
    }

    private static double mb(long bytes) {
        return bytes / 1048576.0;
    }

}
