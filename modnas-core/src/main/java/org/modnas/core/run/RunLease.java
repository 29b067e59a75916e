package org.modnas.core.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.modnas.core.store.Location;

/**
 * One driver per run: a lease file in the run folder ({@code lease}), created only if absent, naming
 * its holder (host, pid, start time), its heartbeat the file's modification time, renewed every
 * {@value #HEARTBEAT_SECONDS} s. A second driver finds the lease held and is refused, naming the
 * holder. A lease whose heartbeat is older than {@value #STALE_SECONDS} s belongs to a driver that
 * died: it is taken over (renamed aside, so of two drivers taking it over one wins), at once when its
 * holder is a process of this host that no longer runs. The lease works on every file system whose
 * create-if-absent is one step (the local disk, HDFS). A driver stopped by SIGTERM
 * releases its lease. The same JVM may acquire its own lease again (a command, then the search it runs).
 */
public final class RunLease implements AutoCloseable {
    /** Seconds between heartbeats. */
    public static final int HEARTBEAT_SECONDS = 10;
    /** Seconds without a heartbeat after which a lease is taken over. */
    public static final int STALE_SECONDS = 60;
    /** The lease's file name in the run folder. */
    public static final String FILE = "lease";
    private static final Map<Location, RunLease> HELD = new HashMap<>();

    private final Location file;
    /** Whether taking the lease made the run folder: released, it goes again if nothing else was written. */
    private final boolean madeFolder;
    private final ScheduledExecutorService heartbeat;
    private final Thread hook;
    private int holds = 1;

    private RunLease(Location file, boolean madeFolder) {
        this.file = file;
        this.madeFolder = madeFolder;
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "run-lease-heartbeat");
            t.setDaemon(true);
            return t;
        });
        heartbeat.scheduleAtFixedRate(this::beat, HEARTBEAT_SECONDS, HEARTBEAT_SECONDS, TimeUnit.SECONDS);
        // a driver stopped by SIGTERM (cron, systemd) frees its run at once
        this.hook = new Thread(this::release, "run-lease-release");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** A lease that another driver holds. */
    public static final class HeldException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        HeldException(String message) {
            super(message);
        }
    }

    /**
     * Takes the lease of the run folder {@code root} (created when missing).
     *
     * @param warn where a take-over of a stale lease is reported
     * @throws HeldException naming the holder when another live driver holds it
     */
    public static synchronized RunLease acquire(Path root, java.util.function.Consumer<String> warn) {
        return acquire(Location.of(root), warn);
    }

    /** Takes the lease of the run folder {@code root} on any file system; see {@link #acquire(Path, java.util.function.Consumer)}. */
    public static synchronized RunLease acquire(Location root, java.util.function.Consumer<String> warn) {
        Location file = root.absolute().resolve(FILE);
        RunLease mine = HELD.get(file);
        if (mine != null) {
            mine.holds++;
            return mine;
        }
        try {
            boolean made = !root.isFolder();
            root.mkdirs();
            for (int attempt = 0; attempt < 3; attempt++) {
                if (file.createNew(holder().getBytes(StandardCharsets.UTF_8))) {
                    RunLease lease = new RunLease(file, made);
                    HELD.put(file, lease);
                    return lease;
                }
                String who;
                long beat;
                try {
                    who = file.readString().strip();
                    beat = file.modifiedMillis();
                } catch (java.io.FileNotFoundException | java.nio.file.NoSuchFileException gone) {
                    continue; // released meanwhile: try again
                }
                long age = (System.currentTimeMillis() - beat) / 1000;
                if (age <= STALE_SECONDS && !deadHere(who)) {
                    throw new HeldException("run folder " + root + " is in use by another driver (" + who + ", heartbeat "
                            + age + " s ago): wait for it to end or stop it; a lease without a heartbeat for "
                            + STALE_SECONDS + " s (a driver that died) is taken over, or delete " + file);
                }
                if (file.renameTo(file.parent().resolve(FILE + ".stale-" + UUID.randomUUID()))) {
                    warn.accept("warning: took over the lease of run folder " + root + " from a driver that stopped "
                            + "renewing it " + age + " s ago (" + who + ")");
                }
                // else another driver took it over first: look again
            }
            throw new HeldException("run folder " + root + " is in use by another driver that took over its lease just now");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot take the lease of run folder " + root + ": " + e.getMessage(), e);
        }
    }

    /** Whether the holder named is a process of this host that no longer runs (a driver killed outright). */
    static boolean deadHere(String who) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("host (.+), pid (\\d+),").matcher(who);
        if (!m.find() || !m.group(1).equals(hostName())) {
            return false;
        }
        long pid = Long.parseLong(m.group(2));
        return pid != ProcessHandle.current().pid() && ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true);
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown host";
        }
    }

    private static String holder() {
        return "host " + hostName() + ", pid " + ProcessHandle.current().pid() + ", started "
                + Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime()) + "\n";
    }

    private void beat() {
        try {
            file.touch();
        } catch (IOException e) {
            // a missed beat: the next one tries again
        }
    }

    /** Releases the lease (after the last of this JVM's holds). */
    @Override
    public void close() {
        synchronized (RunLease.class) {
            if (--holds > 0) {
                return;
            }
            HELD.remove(file);
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook releases
        }
        release();
    }

    private void release() {
        heartbeat.shutdownNow();
        try {
            file.delete();
            if (madeFolder && file.parent().list().isEmpty()) {
                file.parent().delete();
            }
        } catch (IOException | RuntimeException e) {
            // a lease left behind goes stale and is taken over
        }
    }
}
