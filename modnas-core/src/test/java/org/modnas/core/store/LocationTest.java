package org.modnas.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class LocationTest {
    @Test
    void aPathWithoutSchemeOrAFileUriIsLocal() {
        Location rel = Location.of("runs/x");
        assertTrue(rel.isLocal());
        assertEquals("runs/x", rel.toString());
        assertEquals(Path.of("runs/x"), rel.path());
        assertEquals("file", rel.scheme());
        Location file = Location.of("file:///tmp/runs/x");
        assertTrue(file.isLocal());
        assertEquals(Path.of("/tmp/runs/x"), file.path());
        assertEquals(Path.of("runs/x/candidates"), rel.resolve("candidates").path());
        Location tmp = Location.of(Path.of(System.getProperty("java.io.tmpdir")));
        assertTrue(tmp.isLocal());
        assertFalse(tmp.uri().toString().endsWith("/"), "an existing folder's URI ends without a slash: " + tmp.uri());
    }

    @Test
    void aUriOfAnotherFileSystemResolvesItsChildrenAndParents() {
        Location run = Location.of("hdfs://nn:8020/runs//quick/");
        assertFalse(run.isLocal());
        assertEquals("hdfs", run.scheme());
        assertEquals("hdfs://nn:8020/runs/quick", run.toString());
        assertEquals("hdfs://nn:8020/runs/quick/trials/c1/rung-0.ckpt", run.resolve("trials/c1/rung-0.ckpt").toString());
        assertEquals("quick", run.name());
        assertEquals("hdfs://nn:8020/runs", run.parent().toString());
        assertEquals("hdfs://nn:8020/", run.parent().parent().toString());
        assertNull(run.parent().parent().parent());
        assertEquals("s3a://bucket/runs", Location.of("s3a://bucket").resolve("runs").toString());
        assertEquals(run, Location.of(run.toString()), "a location is its text");
        assertThrows(IllegalStateException.class, run::path);
    }

    @Test
    void refusesAUriWithoutAPathAndASchemeNothingServes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Location.of("hdfs:runs"));
        assertTrue(e.getMessage().contains("'hdfs:runs' is not a location"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Location.of("nosuchfs://host/runs").store());
        assertTrue(e.getMessage().contains("no file system for 'nosuchfs://'"), e.getMessage());
    }
}
