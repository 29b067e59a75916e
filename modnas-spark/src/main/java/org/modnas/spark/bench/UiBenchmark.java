package org.modnas.spark.bench;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.modnas.core.arch.ArchDesc;
import org.modnas.core.estim.CandidateStatus;
import org.modnas.core.util.Rng;
import org.modnas.spark.table.CandidateRow;
import org.modnas.spark.table.ParquetAppender;
import org.modnas.spark.ui.DashboardServer;

/**
 * {@code modnas bench ui}: the dashboard's API on a synthetic run of {@code rows} candidates (100,000:
 * 8 slots of 8 choices, scores from a seeded formula), timed end to end over HTTP as the page calls
 * it: the first call (reading the table) and the median of five after, for every view.
 */
public final class UiBenchmark {
    private UiBenchmark() {
    }

    public static int run(Map<String, String> options, PrintStream out) throws Exception {
        int n = Integer.parseInt(options.getOrDefault("rows", "100000"));
        Path dir = Files.createTempDirectory("modnas-bench-ui");
        Path run = Files.createDirectories(dir.resolve("large"));
        Files.writeString(run.resolve("config.conf"), "search.optim.type = RegularizedEvolutionOptim\nsearch.budget.candidates = "
                + n + "\n");
        long t0 = System.nanoTime();
        write(run, n);
        out.printf(Locale.ROOT, "bench=ui rows=%d write_s=%.1f%n", n, (System.nanoTime() - t0) / 1e9);
        try (DashboardServer server = DashboardServer.start(org.modnas.core.store.Location.of(dir), "127.0.0.1", 0, false, "")) {
            HttpClient http = HttpClient.newHttpClient();
            Map<String, String> calls = new LinkedHashMap<>();
            calls.put("runs", "api/runs");
            calls.put("summary", "api/runs/large/summary");
            calls.put("candidates", "api/runs/large/candidates?sort=score&order=desc&limit=50");
            calls.put("candidates_filtered", "api/runs/large/candidates?q=op3&minScore=0.7&sort=macs&limit=50");
            calls.put("architectures", "api/runs/large/architectures?top=20");
            calls.put("tradeoffs", "api/runs/large/tradeoffs?x=macs&y=accuracy");
            calls.put("rungs", "api/runs/large/rungs");
            calls.put("executors", "api/runs/large/executors");
            for (Map.Entry<String, String> c : calls.entrySet()) {
                double[] ms = new double[6];
                long bytes = 0;
                for (int i = 0; i < ms.length; i++) {
                    long s = System.nanoTime();
                    HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(server.url() + c.getValue())).build(),
                            HttpResponse.BodyHandlers.ofByteArray());
                    ms[i] = (System.nanoTime() - s) / 1e6;
                    bytes = r.body().length;
                    if (r.statusCode() != 200) {
                        throw new IllegalStateException(c.getValue() + ": HTTP " + r.statusCode());
                    }
                }
                double[] after = Arrays.copyOfRange(ms, 1, ms.length);
                Arrays.sort(after);
                out.printf(Locale.ROOT, "bench=ui view=%s first_ms=%.0f median_ms=%.0f kb=%.0f%n", c.getKey(), ms[0],
                        after[after.length / 2], bytes / 1024.0);
            }
        }
        return 0;
    }

    private static void write(Path run, int n) throws Exception {
        Rng rng = new Rng(7);
        List<String> names = new ArrayList<>();
        for (int s = 0; s < 8; s++) {
            names.add("slot_" + s);
        }
        long t = 1_765_000_000_000L;
        try (ParquetAppender a = new ParquetAppender(new org.apache.hadoop.fs.Path(run.resolve("candidates").toUri()),
                new Configuration(), 20_000, 3600)) {
            for (int i = 0; i < n; i++) {
                Map<String, String> arch = new LinkedHashMap<>();
                double quality = 0;
                for (String s : names) {
                    int c = rng.nextInt(8);
                    arch.put(s, "op" + c);
                    quality += c;
                }
                double acc = 0.5 + 0.4 * quality / 56 + 0.05 * rng.nextDouble();
                ArchDesc d = ArchDesc.of(names, List.copyOf(arch.values()));
                a.append(new CandidateRow("large", d.hash() + i, i, i / 100, 0, null, null, "RegularizedEvolutionOptim", d.toJson(),
                        arch, CandidateStatus.OK, acc, acc, 1 - acc, 100_000L + (long) (quality * 10_000), 1_000_000L
                        + (long) (quality * 100_000 * rng.nextDouble()), null, 1.0, 1, Map.of(), String.valueOf(i % 2), "h", null,
                        "cpu", 0, null, t + i * 100L, t + i * 100L + 90, i, "cfg", "v"));
            }
        }
    }
}
