package org.modnas.spark.executor;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.modnas.core.arch.ArchDesc;

/**
 * A deterministic stand-in for training results used by {@link SleepEstimator} and
 * {@link NoOpEstimator}: every (param, choice) pair gets a fixed value in [0, 1) from a hash, and a
 * desc's accuracy is 0.5 plus 0.45 times their mean. The score is additive over params, so
 * optimizers have a signal to learn and benchmarks exercise a real search.
 */
final class SyntheticScore {
    private SyntheticScore() {
    }

    /** accuracy, loss, params and macs of a desc. */
    static Map<String, Double> metrics(ArchDesc desc) {
        double sum = 0;
        for (int i = 0; i < desc.size(); i++) {
            sum += unit(desc.names().get(i) + "=" + desc.value(i));
        }
        double mean = desc.size() == 0 ? 0 : sum / desc.size();
        double accuracy = 0.5 + 0.45 * mean;
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("accuracy", accuracy);
        m.put("loss", 1.0 - accuracy);
        m.put("params", (double) Math.round(1_000_000 * (1 + mean)));
        m.put("macs", (double) Math.round(10_000_000 * (1 + mean)));
        return m;
    }

    /** A value in [0, 1) from a 64-bit FNV-1a hash of the text, finalised with a SplitMix64 step. */
    private static double unit(String text) {
        long h = 0xcbf29ce484222325L;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xff)) * 0x100000001b3L;
        }
        h = (h ^ (h >>> 30)) * 0xBF58476D1CE4E5B9L;
        h = (h ^ (h >>> 27)) * 0x94D049BB133111EBL;
        h ^= h >>> 31;
        return (h >>> 11) * 0x1.0p-53;
    }
}
