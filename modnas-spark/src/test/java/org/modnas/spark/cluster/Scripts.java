package org.modnas.spark.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the scripts of {@code submit/} as a user would, with a time limit: a script still running at
 * its limit is killed with every process it started, so a failing test leaves nothing behind.
 */
final class Scripts {
    private static final AtomicInteger RUNS = new AtomicInteger();
    private Scripts() {
    }

    /** What a finished script printed and its exit status. */
    record Result(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "\n--- stderr\n" + tail(err, 6000);
        }
    }

    /** The project root: the folder holding {@code submit/}. */
    static Path root() {
        String given = System.getProperty("modnas.root");
        Path p = (given != null ? Path.of(given) : Path.of("").toAbsolutePath()).normalize();
        for (Path q = p; q != null; q = q.getParent()) {
            if (Files.isExecutable(q.resolve("submit/local-cluster"))) {
                return q;
            }
        }
        throw new IllegalStateException("no submit/local-cluster above " + p);
    }

    /** Runs {@code submit/<script> args...} to its end; its output is kept in files under {@code logDir}. */
    static Result run(Path logDir, Duration limit, String script, String... args) {
        return run(logDir, limit, java.util.Map.of(), script, args);
    }

    /** Runs {@code submit/<script> args...} with extra environment variables. */
    static Result run(Path logDir, Duration limit, java.util.Map<String, String> env, String script, String... args) {
        String name = script.replace('/', '-') + "-" + RUNS.incrementAndGet();
        List<String> cmd = command(script, args);
        int exit = await(start(logDir, name, cmd, env), limit, cmd);
        return output(logDir, name, exit);
    }

    /** A name for {@link #start}'s output files, unique in this JVM. */
    static String name(String script) {
        return script.replace('/', '-') + "-" + RUNS.incrementAndGet();
    }

    static List<String> command(String script, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(root().resolve("submit").resolve(script).toString());
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Starts {@code submit/<script> args...} without waiting; stdout and stderr go to files in logDir. */
    static Process start(Path logDir, String name, List<String> cmd) {
        return start(logDir, name, cmd, java.util.Map.of());
    }

    /** As {@link #start(Path, String, List)}, with extra environment variables. */
    static Process start(Path logDir, String name, List<String> cmd, java.util.Map<String, String> env) {
        try {
            Files.createDirectories(logDir);
            ProcessBuilder pb = new ProcessBuilder(cmd)
                    .redirectOutput(logDir.resolve(name + ".out").toFile())
                    .redirectError(logDir.resolve(name + ".err").toFile());
            pb.environment().put("SPARK_SCALA_VERSION", "2.13");
            pb.environment().putAll(env);
            return pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits for a started script; kills it and its descendants at the limit. */
    static int await(Process p, Duration limit, List<String> cmd) {
        try {
            if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                killTree(p.toHandle());
                throw new AssertionError(String.join(" ", cmd) + " did not end within " + limit.toSeconds() + " s");
            }
            return p.exitValue();
        } catch (InterruptedException e) {
            killTree(p.toHandle());
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + cmd, e);
        }
    }

    /** Reads what a script started with {@link #start} printed. */
    static Result output(Path logDir, String name, int exit) {
        return new Result(exit, read(logDir.resolve(name + ".out")), read(logDir.resolve(name + ".err")));
    }

    /** Kills a process and everything it started, children first. */
    static void killTree(ProcessHandle p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        try {
            p.onExit().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            // already reported by the caller's assertion
        }
    }

    static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String tail(String s, int chars) {
        return s.length() <= chars ? s : "..." + s.substring(s.length() - chars);
    }
}
