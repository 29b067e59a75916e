package org.modnas.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

class LocalFileStoreTest {
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
        Location.of(f).write("first");
        assertEquals("first", Files.readString(f));
        Location.of(f).write("second".getBytes(StandardCharsets.UTF_8));
        assertEquals("second", Files.readString(f));
        assertEquals(List.of(f), files());
    }

    @Test
    void createsMissingParentFolders() throws IOException {
        Path f = dir.resolve("x/y/z.json");
        Location.of(f).write("{}");
        assertEquals("{}", Files.readString(f));
    }

    @Test
    void leavesTheOldFileIntactAndNoTemporaryFileWhenTheWriterFails() throws IOException {
        Path f = dir.resolve("state.json");
        Location.of(f).write("old");
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> Location.of(f).write(out -> {
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
        assertThrows(IllegalStateException.class, () -> Location.of(f).write(out -> {
            out.write(1);
            throw new IllegalStateException("bug");
        }));
        assertEquals(List.of(), files());
    }

    @Test
    void createsAFileOnlyWhenNoneOfThatNameExists() throws IOException {
        Location f = Location.of(dir.resolve("lease"));
        assertTrue(f.createNew("a".getBytes(StandardCharsets.UTF_8)));
        assertFalse(f.createNew("b".getBytes(StandardCharsets.UTF_8)));
        assertEquals("a", f.readString());
    }

    @Test
    void renamesOnlyToANameThatIsFree() throws IOException {
        Location a = Location.of(dir.resolve("a"));
        Location b = Location.of(dir.resolve("b"));
        a.write("1");
        b.write("2");
        assertFalse(a.renameTo(b));
        assertEquals("2", b.readString());
        assertTrue(b.delete());
        assertTrue(a.renameTo(b));
        assertFalse(a.renameTo(b), "the source is gone");
        assertEquals("1", b.readString());
    }

    @Test
    void listsInNameOrderAndDeletesAFolderWithItsFiles() throws IOException {
        Location root = Location.of(dir.resolve("t"));
        root.resolve("c/x.ckpt").write("xyz");
        root.resolve("a").write("1");
        root.resolve("b").write("22");
        assertEquals(List.of("a", "b", "c"), root.list().stream().map(Location::name).toList());
        assertEquals(6, root.totalBytes());
        assertTrue(root.resolve("c").deleteAll());
        assertFalse(root.resolve("c").exists());
        assertEquals(List.of(), root.resolve("c").list());
        assertEquals(3, root.totalBytes());
    }
}
