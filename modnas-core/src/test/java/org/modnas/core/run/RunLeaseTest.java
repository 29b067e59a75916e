package org.modnas.core.run;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One driver per run folder: a held lease refuses another driver by name; a dead or stale one is taken over. */
class RunLeaseTest {
    @Test
    void aLeaseHeldByALiveDriverIsRefusedNamingItsHolder(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("run");
        // another live process of this host holds it: this test's parent JVM stands in for it
        long other = ProcessHandle.current().parent().orElseThrow().pid();
        Files.createDirectories(run);
        Files.writeString(run.resolve(RunLease.FILE), "host " + java.net.InetAddress.getLocalHost().getHostName() + ", pid "
                + other + ", started 2026-12-07T10:00:00Z\n");
        RunLease.HeldException e = assertThrows(RunLease.HeldException.class, () -> RunLease.acquire(run, w -> { }));
        assertTrue(e.getMessage().contains("is in use by another driver (host ") && e.getMessage().contains("pid " + other),
                e.getMessage());
        // a minute without heartbeat: the driver died elsewhere; its lease is taken over with a warning
        Files.setLastModifiedTime(run.resolve(RunLease.FILE), FileTime.fromMillis(System.currentTimeMillis() - 120_000));
        List<String> warnings = new ArrayList<>();
        try (RunLease lease = RunLease.acquire(run, warnings::add)) {
            assertTrue(warnings.get(0).startsWith("warning: took over the lease of run folder"), warnings.toString());
            assertTrue(Files.readString(run.resolve(RunLease.FILE)).contains("pid " + ProcessHandle.current().pid()));
        }
        assertFalse(Files.exists(run.resolve(RunLease.FILE)), "released");
    }

    @Test
    void theLeaseOfAProcessThatNoLongerRunsIsTakenOverAtOnce(@TempDir Path dir) throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        Path run = Files.createDirectories(dir.resolve("run"));
        Files.writeString(run.resolve(RunLease.FILE), "host " + java.net.InetAddress.getLocalHost().getHostName() + ", pid "
                + p.pid() + ", started 2026-12-07T10:00:00Z\n");
        List<String> warnings = new ArrayList<>();
        try (RunLease lease = RunLease.acquire(run, warnings::add)) {
            assertTrue(warnings.get(0).contains("took over"), warnings.toString());
        }
    }

    @Test
    void theSameJvmMayHoldItsLeaseTwiceAndAFolderItMadeGoesWithIt(@TempDir Path dir) {
        Path run = dir.resolve("fresh");
        try (RunLease a = RunLease.acquire(run, w -> { })) {
            try (RunLease b = RunLease.acquire(run, w -> { })) {
                assertSame(a, b);
            }
            assertTrue(Files.exists(run.resolve(RunLease.FILE)), "still held by the outer hold");
        }
        assertFalse(Files.exists(run), "nothing was written in the folder the lease made");
    }
}
