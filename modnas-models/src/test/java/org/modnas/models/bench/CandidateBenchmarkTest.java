package org.modnas.models.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The candidate benchmark's output on a tiny real workload (not a timing test). */
class CandidateBenchmarkTest {
    @TempDir
    Path dir;

    @Test
    void printsEachCandidatesPhasesAndASummary() throws Exception {
        Path conf = Files.writeString(dir.resolve("tiny.conf"), """
                search_space {
                  model { type = CIFAR_MobileNetV2, chn_in = 1, n_classes = 4, width_coeff = 0.25, depth_coeff = 0.5 }
                  construct { m { type = DefaultMixedOpConstructor, mixed_op = Index, primitives = [MB3E3, MB5E3] } }
                }
                data { dataset { type = Synthetic, n_train = 64, n_test = 32, size = 12, classes = 4 }, batch_size = 16 }
                search.estim.search { type = SubNetEstimator, train_steps = 2, num_bn_batch = 1, valid_batches = 1, latency_repeats = 1 }
                """);
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        CandidateBenchmark.run(Map.of("config", conf.toString(), "candidates", "2", "threads", "1"),
                new PrintStream(buf, true, StandardCharsets.UTF_8));
        List<String> lines = buf.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(3, lines.size(), lines.toString());
        for (int i = 0; i < 2; i++) {
            assertTrue(lines.get(i).matches("bench=candidate seq=" + i + " status=OK wall_s=[0-9.]+ build_s=[0-9.]+ init_s=[0-9.]+ "
                    + "train_s=[0-9.]+ first_step_s=[0-9.]+ bn_s=[0-9.]+ valid_s=[0-9.]+ latency_s=[0-9.]+ other_s=-?[0-9.]+ "
                    + "threads=1"), lines.get(i));
        }
        assertTrue(lines.get(2).startsWith("bench=candidate_summary candidates=2 wall_mean_s="), lines.get(2));
        assertThrows(IllegalArgumentException.class, () -> CandidateBenchmark.run(Map.of("candidatez", "1"),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)));
    }
}
