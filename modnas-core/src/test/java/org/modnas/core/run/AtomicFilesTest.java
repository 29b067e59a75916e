package org.modnas.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path dir;

    private List<Path> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }

    @Test
    void writesANewFileAndReplacesAnOldOne() throws IOException {
        Path f = dir.resolve("a.txt");
        AtomicFiles.write(f, "first");
        assertEquals("first", Files.readString(f));
        AtomicFiles.write(f, "second".getBytes(StandardCharsets.UTF_8));
        assertEquals("second", Files.readString(f));
        assertEquals(List.of(f), files());
    }

    @Test
    void createsMissingParentFolders() throws IOException {
        Path f = dir.resolve("x/y/z.json");
        AtomicFiles.write(f, "{}");
        assertEquals("{}", Files.readString(f));
    }

    @Test
    void leavesTheOldFileIntactAndNoTemporaryFileWhenTheWriterFails() throws IOException {
        Path f = dir.resolve("state.json");
        AtomicFiles.write(f, "old");
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> AtomicFiles.write(f, out -> {
            out.write("half of the new con".getBytes(StandardCharsets.UTF_8));
            throw new IOException("disk full");
        }));
        assertTrue(e.getMessage().startsWith("cannot write " + f + ": disk full"), e.getMessage());
        assertEquals("old", Files.readString(f));
        assertEquals(List.of(f), files());
    }

    @Test
    void leavesNoFileAtAllWhenTheFirstWriteFailsWithARuntimeException() throws IOException {
        Path f = dir.resolve("new.json");
        assertThrows(IllegalStateException.class, () -> AtomicFiles.write(f, out -> {
            out.write(1);
            throw new IllegalStateException("bug");
        }));
        assertEquals(List.of(), files());
    }
}
