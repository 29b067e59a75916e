package org.modnas.spark.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.modnas.core.estim.CandidateStatus;
import org.modnas.spark.table.CandidateRow;
import org.modnas.spark.table.ParquetAppender;

/**
 * Small run folders written through the real table code: OK, FAILED and TIMEOUT rows on two
 * executors, latency measured for some candidates only, and one candidate written twice (a retried
 * task) that readers must count once.
 */
final class RunFixture {
    static final String RUN_ID = "fixture-run";
    /** The candidate with the highest score (seq 5). */
    static final String BEST_ID = id(5);
    static final long T0 = 1_750_000_000_000L;
    /** Candidates in the table once duplicates are dropped. */
    static final int CANDIDATES = 10;
    static final String FAILED_ERROR = "java.lang.IllegalStateException: loss is NaN, at epoch 2\n\tat org.example.Trainer.step";

    private RunFixture() {
    }

    /** The mixed run above, in {@code dir}. */
    static Path mixedRun(Path dir) throws Exception {
        List<CandidateRow> rows = new ArrayList<>();
        double[] acc = {0.61, 0.72, 0.68, 0.80, 0.77, 0.91, 0.85};
        long[] params = {120_000, 250_000, 180_000, 400_000, 450_000, 900_000, 500_000}; // seq 4 off the front
        for (int i = 0; i < acc.length; i++) {
            String exec = i % 2 == 0 ? "1" : "2";
            Double latency = i < 4 ? 2.0 + i * 0.7 : null; // measured for the first four only
            rows.add(ok(id(i), i, acc[i], params[i], latency, exec, T0 + i * 4_000L, T0 + i * 4_000L + 3_500L));
        }
        rows.add(fail(id(7), 7, "FAILED", FAILED_ERROR, "1", T0 + 28_000L, T0 + 29_000L));
        rows.add(fail(id(8), 8, "TIMEOUT", "candidate exceeded 30 s, \"budget\" spent", "2",
                T0 + 28_000L, T0 + 58_000L));
        rows.add(fail(id(9), 9, "FAILED", "out of memory", "2", T0 + 58_000L, T0 + 59_000L));
        // the executor of candidate 3 was lost after it wrote; Spark's retry wrote the same candidate again
        CandidateRow retried = rows.get(3);
        rows.add(new CandidateRow(retried.runId(), retried.candidateId(), retried.seq(), retried.generation(), 0, null, null,
                retried.optimizer(), retried.archDesc(), retried.arch(), retried.status(), retried.score(),
                retried.accuracy(), retried.loss(), retried.params(), retried.macs(), retried.latencyMs(),
                retried.trainSeconds(), retried.epochs(), retried.metrics(), "2", "host-b", "1", "cpu", 1, null,
                T0 + 60_000L, T0 + 63_000L, retried.seed(), retried.configHash(), retried.version()));
        write(dir, rows);
        return dir;
    }

    /** A run whose candidates all succeeded without measuring latency. */
    static Path runWithoutLatency(Path dir) throws Exception {
        List<CandidateRow> rows = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            rows.add(ok(id(100 + i), i, 0.5 + i * 0.1, 100_000L * (i + 1), null, "driver", T0 + i * 1000L,
                    T0 + i * 1000L + 900L));
        }
        write(dir, rows);
        return dir;
    }

    static void write(Path dir, List<CandidateRow> rows) throws Exception {
        // two batches, so the table has more than one Parquet file as a real run does
        try (ParquetAppender a = new ParquetAppender(new org.apache.hadoop.fs.Path(dir.resolve("candidates").toUri()),
                new Configuration(), 4, 3600)) {
            rows.forEach(a::append);
        }
    }

    private static CandidateRow ok(String id, int seq, double acc, long params, Double latency, String exec, long start, long end) {
        Map<String, String> arch = arch(seq);
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("accuracy", acc);
        metrics.put("params", (double) params);
        return new CandidateRow(RUN_ID, id, seq, seq / 4, 0, null, null, "RegularizedEvolution", archDesc(arch), arch,
                CandidateStatus.OK, acc, acc,
                1.0 - acc, params, params * 30, latency, (end - start) / 1000.0 - 0.2, 2, metrics, exec,
                exec.equals("1") ? "host-a" : exec.equals("2") ? "host-b" : "localhost", exec.equals("1") ? "0" : null, "cpu", 0,
                null, start, end, 1000L + seq, "cfg0123456789abcdef", "0.1.0-SNAPSHOT");
    }

    private static CandidateRow fail(String id, int seq, String status, String error, String exec, long start, long end) {
        Map<String, String> arch = arch(seq);
        return new CandidateRow(RUN_ID, id, seq, seq / 4, 0, null, null, "RegularizedEvolution", archDesc(arch), arch,
                CandidateStatus.valueOf(status), null, null,
                null, null, null, null, null, null, null, exec, exec.equals("1") ? "host-a" : "host-b",
                exec.equals("1") ? "0" : null, null, 0, error, start, end, 1000L + seq, "cfg0123456789abcdef", "0.1.0-SNAPSHOT");
    }

    /** A content-hash-like candidate id: 16 hex digits, as {@code ArchDesc.hash()} gives. */
    static String id(int seq) {
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(("candidate " + seq).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(d, 0, 8);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> arch(int seq) {
        Map<String, String> arch = new LinkedHashMap<>();
        String[] ops = {"MB3E3", "MB3E6", "MB5E3", "MB5E6", "MB7E3", "MB7E6", "NIL"};
        for (int s = 0; s < 5; s++) {
            arch.put("slot_" + s, ops[(seq + 2 * s) % ops.length]);
        }
        return arch;
    }

    private static String archDesc(Map<String, String> arch) {
        StringBuilder b = new StringBuilder("{");
        arch.forEach((k, v) -> b.append(b.length() > 1 ? "," : "").append('"').append(k).append("\":\"").append(v).append('"'));
        return b.append('}').toString();
    }
}
