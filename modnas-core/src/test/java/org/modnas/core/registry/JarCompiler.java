package org.modnas.core.registry;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Builds a user's jar in a test, as a user's build would: compiles Java sources against this JVM's
 * class path and packs the classes with resources (a {@code META-INF/services} file) into a jar
 * whose classes the test's own class path does not hold.
 */
public final class JarCompiler {
    private JarCompiler() {
    }

    /**
     * Compiles {@code sources} (file name → Java source) and writes a jar with the classes and
     * {@code resources} (path in the jar → text).
     */
    public static Path jar(Path dir, String name, Map<String, String> sources, Map<String, String> resources) {
        try {
            Path src = Files.createDirectories(dir.resolve(name + "-src"));
            List<String> files = new ArrayList<>();
            for (Map.Entry<String, String> e : sources.entrySet()) {
                Path f = src.resolve(e.getKey());
                Files.createDirectories(f.getParent());
                Files.writeString(f, e.getValue());
                files.add(f.toString());
            }
            return jar(dir, name, files, resources, Map.of());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Compiles the Java files under {@code sourceRoot} and writes a jar with their classes and the
     * files under {@code resourceRoot} (may be null).
     */
    public static Path jar(Path dir, String name, Path sourceRoot, Path resourceRoot) {
        try (Stream<Path> s = Files.walk(sourceRoot)) {
            List<String> files = s.filter(p -> p.toString().endsWith(".java")).map(Path::toString).toList();
            Map<String, Path> resources = new java.util.TreeMap<>();
            if (resourceRoot != null && Files.isDirectory(resourceRoot)) {
                try (Stream<Path> r = Files.walk(resourceRoot)) {
                    r.filter(Files::isRegularFile).forEach(p -> resources.put(resourceRoot.relativize(p).toString(), p));
                }
            }
            return jar(dir, name, files, Map.of(), resources);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path jar(Path dir, String name, List<String> files, Map<String, String> texts, Map<String, Path> copies)
            throws IOException {
        Path classes = Files.createDirectories(dir.resolve(name + "-classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "-classpath", System.getProperty("java.class.path"),
                "--release", "17", "-proc:none"));
        args.addAll(files);
        StringWriter errors = new StringWriter();
        int status = javac.run(null, null, new java.io.PrintStream(OutputStream.nullOutputStream()) {
            @Override
            public void write(byte[] b, int off, int len) {
                errors.write(new String(b, off, len, java.nio.charset.StandardCharsets.UTF_8));
            }
        }, args.toArray(new String[0]));
        if (status != 0) {
            throw new IllegalStateException("javac failed:\n" + errors);
        }
        Path jar = dir.resolve(name + ".jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
             Stream<Path> s = Files.walk(classes)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(p).toString().replace('\\', '/')));
                Files.copy(p, out);
                out.closeEntry();
            }
            for (Map.Entry<String, String> e : texts.entrySet()) {
                out.putNextEntry(new JarEntry(e.getKey()));
                out.write(e.getValue().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                out.closeEntry();
            }
            for (Map.Entry<String, Path> e : copies.entrySet()) {
                out.putNextEntry(new JarEntry(e.getKey().replace('\\', '/')));
                Files.copy(e.getValue(), out);
                out.closeEntry();
            }
        }
        return jar;
    }
}
