package org.modnas.spark.ui;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.modnas.core.arch.ArchDesc;
import org.modnas.core.estim.CandidateStatus;
import org.modnas.spark.table.CandidateRow;
import org.modnas.spark.table.ParquetAppender;

/**
 * Run folders for the dashboard's tests, written through the real table writer: {@code n}
 * candidates of a 3-slot space with scores, params and MACs from a formula (so the best and the
 * Pareto front are known), one FAILED candidate whose error holds markup, and a config.
 */
final class DashboardFixture {
    static final List<String> OPS = List.of("MB3E3", "MB5E6", "NIL");
    static final String SCRIPT_ERROR = "<script>alert(1)</script> & \"quotes\"";
    static final long T0 = 1_765_000_000_000L;

    private DashboardFixture() {
    }

    static double accuracy(int i) {
        return 0.5 + 0.4 * ((i * 37) % 101) / 100.0;
    }

    static long macs(int i) {
        return 1_000_000L + ((i * 53) % 97) * 50_000L;
    }

    static Map<String, String> arch(int i) {
        Map<String, String> a = new LinkedHashMap<>();
        a.put("cells.0", OPS.get(i % 3));
        a.put("cells.1", OPS.get((i / 3) % 3));
        a.put("cells.2", OPS.get((i / 9) % 3));
        return a;
    }

    static CandidateRow row(int i, CandidateStatus status, String error) {
        return row(i, status, error, status == CandidateStatus.OK ? accuracy(i) : null);
    }

    /** Candidate {@code i} with this status and score (a PRUNED row has a score from less training). */
    static CandidateRow row(int i, CandidateStatus status, String error, Double acc) {
        Map<String, String> a = arch(i);
        ArchDesc d = ArchDesc.of(List.copyOf(a.keySet()), List.copyOf(a.values()));
        boolean ok = acc != null;
        return new CandidateRow("fixture", d.hash() + String.format("%04d", i), i, i / 8, 0, null, null, "RegularizedEvolutionOptim",
                d.toJson(), a, status, acc, acc, ok ? 1 - acc : null, ok ? 100_000L + i * 1000L : null, ok ? macs(i) : null,
                ok ? 2.0 + i % 5 : null, ok ? 3.0 : null, ok ? 1 : null, ok ? Map.of("top5", 0.99, "build_seconds", 0.01) : null,
                i % 2 == 0 ? "0" : "1", "host-" + (i % 2), null, "cpu", 0, error, T0 + i * 1000L, T0 + i * 1000L + 900L, 1000 + i,
                "cfg", "v");
    }

    /** A run folder {@code dir/<id>} of {@code n} OK candidates and one FAILED one; the rows written as the search would. */
    static Path run(Path dir, String id, int n) throws Exception {
        Path run = Files.createDirectories(dir.resolve(id));
        Files.writeString(run.resolve("config.conf"), "search.optim.type = RegularizedEvolutionOptim\n"
                + "search.scheduler.type = null\nsearch.budget.candidates = " + (n + 10) + "\nsearch.budget.seconds = 0\n");
        List<CandidateRow> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(row(i, CandidateStatus.OK, null));
        }
        rows.add(row(n, CandidateStatus.FAILED, SCRIPT_ERROR));
        append(run, rows);
        return run;
    }

    /** Appends rows to a run's table as new Parquet files. */
    static void append(Path run, List<CandidateRow> rows) throws Exception {
        try (ParquetAppender a = new ParquetAppender(new org.apache.hadoop.fs.Path(run.resolve("candidates").toUri()),
                new Configuration(), 5000, 3600)) {
            rows.forEach(a::append);
        }
    }
}
