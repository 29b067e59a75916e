package org.modnas.models.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SupernetBenchmarkTest {
    @Test
    void printsEveryStepWithItsRatioToTheSubnetsStep() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        SupernetBenchmark.run(Map.of("steps", "1", "warmup", "0", "batch", "4", "threads", "1"),
                new PrintStream(buf, true, StandardCharsets.UTF_8));
        List<String> lines = buf.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(List.of("subnet_weight", "supernet_weight_weighted_sum", "arch_darts_second_order", "arch_darts_first_order",
                "arch_bilevel", "supernet_weight_binary_gate", "arch_binary_gate"),
                lines.stream().map(l -> l.replaceAll(".* step=(\\S+) .*", "$1")).toList());
        assertTrue(lines.get(0).contains(" ratio=1.00 batch=4 threads=1"), lines.get(0));
        for (String l : lines) {
            assertTrue(l.matches("bench=supernet step=\\S+ ms=\\d+\\.\\d ratio=\\d+\\.\\d\\d batch=4 threads=1"), l);
        }
    }
}
