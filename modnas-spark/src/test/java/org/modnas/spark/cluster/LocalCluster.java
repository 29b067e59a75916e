package org.modnas.spark.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A standalone cluster (Master + Workers, one fake GPU address per Worker) started and stopped with
 * {@code submit/local-cluster} in a folder of its own on a free port, and what the tests need to see
 * of its processes: found through {@code /proc} by working folder, open files and command line.
 * {@link #close()} stops it; a shutdown hook stops it too if the test JVM ends first.
 */
final class LocalCluster implements AutoCloseable {
    private static final Pattern WORKER_URL = Pattern.compile("\"--worker-url\" \"spark://Worker@[^:]+:(\\d+)\"");
    private static final Pattern WORKER_START = Pattern.compile("Starting Spark worker [^:]+:(\\d+) with");

    final Path dir;
    final int port;
    final int workers;
    final String masterUrl;
    final Scripts.Result started;
    private final Thread hook;
    private boolean stopped;

    private LocalCluster(Path dir, int port, int workers, Scripts.Result started) {
        this.dir = dir;
        this.port = port;
        this.workers = workers;
        this.started = started;
        this.masterUrl = "spark://127.0.0.1:" + port;
        this.hook = new Thread(this::stopQuietly, "local-cluster stop");
    }

    /** Starts {@code workers} Workers with 1 core each, Worker {@code i} offering GPU address {@code i}. */
    static LocalCluster start(Path dir, int workers) {
        return start(dir, workers, true);
    }

    /** Starts {@code workers} Workers with 1 core each, each offering one fake GPU address when {@code fakeGpus}. */
    static LocalCluster start(Path dir, int workers, boolean fakeGpus) {
        int port = freePort();
        List<String> args = new ArrayList<>(List.of("start", "--workers", String.valueOf(workers), "--cores", "1",
                "--memory", "1g", "--port", String.valueOf(port), "--dir", dir.toString()));
        if (fakeGpus) {
            args.addAll(List.of("--fake-gpus", "1"));
        }
        Scripts.Result r = Scripts.run(dir.resolve("script-logs"), Duration.ofSeconds(150), "local-cluster",
                args.toArray(new String[0]));
        LocalCluster c = new LocalCluster(dir, port, workers, r);
        Runtime.getRuntime().addShutdownHook(c.hook);
        if (r.exit() != 0) {
            c.close();
            throw new AssertionError("local-cluster start failed: " + r);
        }
        assertEquals(c.masterUrl, r.out().strip(), "start prints the master URL");
        assertFalse(r.err().contains("building the project"), "the packaged jars are current: no rebuild\n" + r);
        return c;
    }

    /** {@code submit/local-cluster stop}; the first call's result, later calls do nothing. */
    synchronized Scripts.Result stop() {
        if (stopped) {
            return null;
        }
        stopped = true;
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: this is the hook
        }
        return Scripts.run(dir.resolve("script-logs"), Duration.ofSeconds(90), "local-cluster", "stop", "--dir", dir.toString());
    }

    /** Stops the cluster and kills anything of it still alive, so nothing outlives the test. */
    @Override
    public void close() {
        stopQuietly();
        for (ProcessHandle p : processes()) {
            Scripts.killTree(p);
        }
    }

    private void stopQuietly() {
        try {
            stop();
        } catch (Throwable t) {
            System.err.println("local-cluster stop failed: " + t);
        }
    }

    /** Every live process of this cluster except this JVM: by working folder, open file or command line. */
    List<ProcessHandle> processes() {
        String d = dir.toString();
        long self = ProcessHandle.current().pid();
        List<ProcessHandle> found = new ArrayList<>();
        for (ProcessHandle p : ProcessHandle.allProcesses().toList()) {
            if (p.pid() == self || !p.isAlive()) {
                continue;
            }
            Path proc = Path.of("/proc", String.valueOf(p.pid()));
            List<String> args = cmdline(proc);
            boolean mine = args.stream().anyMatch(a -> a.contains(d) || a.contains("127.0.0.1:" + port))
                    || args.indexOf("--port") >= 0 && args.indexOf("--port") + 1 < args.size()
                    && args.get(args.indexOf("--port") + 1).equals(String.valueOf(port))
                    || inside(link(proc.resolve("cwd")), d)
                    || openFiles(proc).stream().anyMatch(f -> inside(f, d));
            if (mine) {
                found.add(p);
            }
        }
        return found;
    }

    /** Asserts that no Master, Worker or executor of this cluster is left. */
    void assertNoProcessLeft() {
        List<String> left = processes().stream()
                .map(p -> p.pid() + " " + String.join(" ", cmdline(Path.of("/proc", String.valueOf(p.pid())))))
                .map(s -> s.length() > 300 ? s.substring(0, 300) + "..." : s)
                .toList();
        assertTrue(left.isEmpty(), "processes of the cluster still alive:\n" + String.join("\n", left));
    }

    /** The live executor JVMs of an application: executor id to process, found by working folder. */
    Map<String, ProcessHandle> executors(String appId) {
        Path appDir = dir.resolve("work").resolve(appId);
        Map<String, ProcessHandle> found = new TreeMap<>();
        for (ProcessHandle p : ProcessHandle.allProcesses().toList()) {
            Path cwd = Path.of(link(Path.of("/proc", String.valueOf(p.pid()), "cwd")));
            if (cwd.startsWith(appDir) && !cwd.equals(appDir)) {
                found.put(cwd.getFileName().toString(), p);
            }
        }
        return found;
    }

    /**
     * The fake GPU address the Worker of each executor that ever ran for the application was given:
     * the executor's command line (head of its stderr) names its Worker's port; each Worker's log
     * names its port; Worker {@code i}'s discovery script gives address {@code i}.
     */
    Map<String, String> gpuOfWorkerByExecutor(String appId) {
        Map<Integer, String> addressByWorkerPort = new TreeMap<>();
        for (int w = 0; w < workers; w++) {
            Matcher m = WORKER_START.matcher(Scripts.read(dir.resolve("logs").resolve("worker-" + w + ".log")));
            assertTrue(m.find(), "worker-" + w + ".log names the Worker's port");
            addressByWorkerPort.put(Integer.parseInt(m.group(1)), String.valueOf(w));
        }
        Map<String, String> byExecutor = new TreeMap<>();
        try (Stream<Path> execDirs = Files.list(dir.resolve("work").resolve(appId))) {
            for (Path e : execDirs.toList()) {
                Matcher m = WORKER_URL.matcher(Scripts.read(e.resolve("stderr")));
                if (m.find()) {
                    byExecutor.put(e.getFileName().toString(), addressByWorkerPort.get(Integer.parseInt(m.group(1))));
                }
            }
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return byExecutor;
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean inside(String path, String dir) {
        return path.equals(dir) || path.startsWith(dir + "/");
    }

    private static List<String> cmdline(Path proc) {
        try {
            String s = new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8);
            return s.isEmpty() ? List.of() : List.of(s.split("\0"));
        } catch (IOException | SecurityException e) {
            return List.of(); // ended meanwhile, or not ours to read
        }
    }

    private static List<String> openFiles(Path proc) {
        try (Stream<Path> fds = Files.list(proc.resolve("fd"))) {
            return fds.map(LocalCluster::link).toList();
        } catch (IOException | SecurityException e) {
            return List.of();
        }
    }

    private static String link(Path p) {
        try {
            return Files.readSymbolicLink(p).toString();
        } catch (IOException | SecurityException | UnsupportedOperationException e) {
            return "";
        }
    }
}
