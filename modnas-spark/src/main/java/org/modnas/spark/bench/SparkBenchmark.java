package org.modnas.spark.bench;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.modnas.spark.driver.SearchSessions;
import org.modnas.spark.driver.SearchSummary;
import org.modnas.spark.driver.SparkSearch;
import org.modnas.spark.ui.DashboardServer;

/**
 * {@code modnas bench spark}: in {@code local[2]}, (a) the wall time of N candidates of
 * a fixed-duration estimator against the ideal N × duration / slots, and (b) candidates per second
 * with a no-op estimator, each after a short warm-up search. Options (all optional):
 * {@code candidates} (200), {@code seconds} (1.0), {@code noop_candidates} (2000), {@code master}
 * ({@code local[2]}), {@code optim} ({@code RandomSearchOptim}), {@code slots_per_dim} (8),
 * {@code dims} (8), {@code sleep_queue_depth} (the slots), {@code noop_queue_depth} (2), both in tasks,
 * {@code output} (a temporary folder), {@code dashboard} (false; true: the dashboard serves the runs
 * while a client polls it every second, as an open page does); an option whose name holds a dot is a
 * config override (e.g. {@code spark.queue_depth=2}). Spark logs at WARN so logging does not skew
 * the figures.
 */
public final class SparkBenchmark {
    private SparkBenchmark() {
    }

    public static int run(Map<String, String> options, PrintStream out) throws Exception {
        int n = Integer.parseInt(options.getOrDefault("candidates", "200"));
        double seconds = Double.parseDouble(options.getOrDefault("seconds", "1.0"));
        int noop = Integer.parseInt(options.getOrDefault("noop_candidates", "2000"));
        String master = options.getOrDefault("master", "local[2]");
        Path output = Path.of(options.getOrDefault("output", Files.createTempDirectory("modnas-bench-spark").toString()));
        Config base = baseConfig(options, master, output);
        SparkSession spark = SearchSessions.create(base.withFallback(ConfigFactory.defaultReference()).resolve());
        spark.sparkContext().setLogLevel("WARN");
        boolean dashboard = Boolean.parseBoolean(options.getOrDefault("dashboard", "false"));
        try (DashboardServer server = dashboard ? DashboardServer.start(org.modnas.core.store.Location.of(output), "127.0.0.1", 4050, true, "") : null) {
            if (server != null) {
                poll(server.url());
            }
            int slots = spark.sparkContext().defaultParallelism();
            // warm-up: JIT, first jobs, Parquet writer
            search(spark, base, "warmup-noop", "NoOpEstimator", 0, 200);
            search(spark, base, "warmup-sleep", "SleepEstimator", 0.05, 2 * slots);

            int sleepDepth = Integer.parseInt(options.getOrDefault("sleep_queue_depth", String.valueOf(slots)));
            SearchSummary sleep = search(spark, depth(base, sleepDepth), "sleep", "SleepEstimator", seconds, n);
            double ideal = n * seconds / slots;
            out.printf(Locale.ROOT, "bench=spark case=sleep candidates=%d wall_s=%.2f ideal_s=%.0f overhead_pct=%.2f "
                            + "slots=%d queue_depth=%d dashboard=%s%n", sleep.total(), sleep.wallSeconds(), ideal,
                    100 * (sleep.wallSeconds() - ideal) / ideal, slots, sleepDepth, dashboard);

            int noopDepth = Integer.parseInt(options.getOrDefault("noop_queue_depth", "2"));
            SearchSummary fast = search(spark, depth(base, noopDepth), "noop", "NoOpEstimator", 0, noop);
            out.printf(Locale.ROOT, "bench=spark case=noop candidates=%d candidates_per_s=%.1f slots=%d queue_depth=%d dashboard=%s%n",
                    fast.total(), fast.total() / fast.wallSeconds(), slots, noopDepth, dashboard);
            return 0;
        } finally {
            spark.stop();
        }
    }

    /** What an open page asks for every second while the measured runs go on. */
    private static void poll(String url) {
        HttpClient http = HttpClient.newHttpClient();
        List<String> paths = List.of("api/runs", "api/runs/sleep/summary", "api/runs/sleep/candidates?limit=50",
                "api/runs/noop/summary", "api/runs/noop/candidates?limit=50");
        Thread t = new Thread(() -> {
            while (true) {
                for (String p : paths) {
                    try {
                        http.send(HttpRequest.newBuilder(URI.create(url + p)).build(), HttpResponse.BodyHandlers.discarding());
                    } catch (IOException e) {
                        return; // the server stopped
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "dashboard-poller");
        t.setDaemon(true);
        t.start();
    }

    private static Config baseConfig(Map<String, String> options, String master, Path output) {
        int dims = Integer.parseInt(options.getOrDefault("dims", "8"));
        int choices = Integer.parseInt(options.getOrDefault("slots_per_dim", "8"));
        StringBuilder params = new StringBuilder();
        for (int d = 0; d < dims; d++) {
            params.append("slot_").append(d).append(" = [");
            for (int c = 0; c < choices; c++) {
                params.append(c == 0 ? "" : ", ").append("op").append(c);
            }
            params.append("]\n");
        }
        Config overrides = ConfigFactory.empty();
        for (Map.Entry<String, String> o : options.entrySet()) {
            if (o.getKey().contains(".")) {
                overrides = ConfigFactory.parseString(o.getKey() + " = " + o.getValue()).withFallback(overrides);
            }
        }
        return overrides.withFallback(ConfigFactory.parseString("search_space.params {\n" + params + "}\n"
                        + "search.optim.type = " + options.getOrDefault("optim", "RandomSearchOptim") + "\n"
                        + "spark.progress = false\n"
                        + "spark.conf { \"spark.ui.enabled\" = false }\n")
                .withValue("spark.master", com.typesafe.config.ConfigValueFactory.fromAnyRef(master))
                .withValue("output.dir", com.typesafe.config.ConfigValueFactory.fromAnyRef(output.toString())));
    }

    private static Config depth(Config base, int queueDepth) {
        return base.hasPath("spark.queue_depth") && base.getInt("spark.queue_depth") != 0 ? base
                : ConfigFactory.parseString("spark.queue_depth = " + queueDepth).withFallback(base);
    }

    private static SearchSummary search(SparkSession spark, Config base, String runId, String estimator,
                                        double seconds, int candidates) {
        Config c = ConfigFactory.parseString("run.id = " + runId + "\n"
                        + "search.budget.candidates = " + candidates + "\n"
                        + "search.estim.search { type = " + estimator
                        + (estimator.equals("SleepEstimator") ? ", seconds = " + seconds : "") + " }\n")
                .withFallback(base);
        return SparkSearch.search(spark, c, System.err);
    }
}
