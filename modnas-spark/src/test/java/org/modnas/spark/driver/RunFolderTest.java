package org.modnas.spark.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modnas.core.run.RunDirectory;

/** Each session of a run writes its own log, however quickly sessions follow each other. */
class RunFolderTest {
    @TempDir
    Path tmp;

    @Test
    void sessionsStartedWithinOneSecondKeepTheirOwnLogs() throws Exception {
        for (int i = 0; i < 3; i++) {
            try (RunFolder run = new RunFolder(RunDirectory.of(tmp, "r"))) {
                run.log("session " + i);
            }
        }
        List<String> texts = new ArrayList<>();
        try (Stream<Path> logs = Files.list(tmp.resolve("r/logs"))) {
            for (Path p : logs.toList()) {
                texts.add(Files.readString(p));
            }
        }
        assertEquals(3, texts.size(), texts.toString());
        for (int i = 0; i < 3; i++) {
            String line = "session " + i;
            assertTrue(texts.stream().filter(t -> t.contains(line)).count() == 1, texts.toString());
        }
    }
}
