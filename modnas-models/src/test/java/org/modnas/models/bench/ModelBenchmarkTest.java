package org.modnas.models.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The benchmark command's output format on a tiny run (not a timing test). */
class ModelBenchmarkTest {
    @Test
    void printsOneBenchLinePerModel() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        ModelBenchmark.run(Map.of("steps", "1", "warmup", "0", "batch", "2"), new PrintStream(buf, true, StandardCharsets.UTF_8));
        List<String> lines = buf.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(2, lines.size(), lines.toString());
        assertTrue(lines.get(0).matches("bench=model model=CIFAR_MobileNetV2 batch=2 images_per_s=[0-9.]+ step_ms=[0-9.]+ "
                + "first_step_ms=[0-9.]+ threads=\\d+"), lines.get(0));
        assertTrue(lines.get(1).startsWith("bench=model model=FashionMNIST_MobileNetV2 batch=2 "), lines.get(1));
    }

    @Test
    void rejectsUnknownOrBadOptions() {
        PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assertThrows(IllegalArgumentException.class, () -> ModelBenchmark.run(Map.of("stepz", "1"), sink));
        assertThrows(IllegalArgumentException.class, () -> ModelBenchmark.run(Map.of("batch", "0"), sink));
    }

    @Test
    void theProfileNamesTheStepsOperatorsAndTheTimeBetweenThem() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        ModelBenchmark.run(Map.of("steps", "1", "warmup", "0", "batch", "2", "profile", "1"),
                new PrintStream(buf, true, StandardCharsets.UTF_8));
        List<String> lines = buf.toString(StandardCharsets.UTF_8).lines().toList();
        List<String> ops = lines.stream().filter(l -> l.startsWith("bench=model_op model=CIFAR_MobileNetV2 ")).toList();
        assertTrue(ops.stream().anyMatch(l -> l.contains(" op=aten::conv2d calls_per_step=52 ")), ops.toString());
        assertTrue(ops.stream().anyMatch(l -> l.contains("HardtanhBackward0 calls_per_step=35 ")), ops.toString());
        assertTrue(ops.get(ops.size() - 1).contains(" op=(between_operators) "), ops.toString());
    }
}
