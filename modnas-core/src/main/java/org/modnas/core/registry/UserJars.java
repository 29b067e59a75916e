package org.modnas.core.registry;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.ZipFile;

/**
 * A user's own jars (models, primitives, estimators, ... and the {@link ComponentProvider} that
 * registers them), loaded into a running JVM: the command line's {@code --jars} and the config's
 * {@code jars}. Each jar gets a class loader over the current thread's context class loader, which
 * becomes the thread's context loader, and its providers join the registry; the same jars are
 * shipped to a cluster's executors, where Spark loads them and {@link Registry#global()} finds them.
 */
public final class UserJars {
    private static final Set<Path> LOADED = new LinkedHashSet<>();
    private static ClassLoader loader;

    private UserJars() {
    }

    /**
     * Checks the jars, loads those not loaded yet and registers the providers of every user jar in
     * {@code registry}. The calling thread's context class loader becomes the one that sees them all.
     *
     * @param jars     jar paths, relative to the working folder or absolute
     * @param registry the registry their providers join
     * @return the jars as absolute paths, in the order given
     * @throws IllegalArgumentException naming each jar that is missing, not a file or not a jar
     */
    public static synchronized List<Path> load(List<String> jars, Registry registry) {
        List<Path> paths = check(jars);
        List<URL> fresh = new ArrayList<>();
        for (Path p : paths) {
            if (!LOADED.contains(p)) {
                try {
                    fresh.add(p.toUri().toURL());
                } catch (MalformedURLException e) {
                    throw new IllegalArgumentException("jars: '" + p + "' cannot be loaded: " + e.getMessage(), e);
                }
            }
        }
        Thread t = Thread.currentThread();
        if (!fresh.isEmpty()) {
            ClassLoader parent = loader != null ? loader
                    : t.getContextClassLoader() != null ? t.getContextClassLoader() : UserJars.class.getClassLoader();
            loader = new URLClassLoader("user-jars", fresh.toArray(new URL[0]), parent);
            LOADED.addAll(paths);
        }
        if (loader != null) {
            t.setContextClassLoader(loader);
            registry.addProviders(loader);
        }
        return paths;
    }

    /** Every user jar this JVM has loaded, in the order loaded: what a cluster's executors need too. */
    public static synchronized List<Path> loaded() {
        return List.copyOf(LOADED);
    }

    /**
     * Takes {@code --jars a.jar,b.jar} (or {@code --jars=a.jar,b.jar}, repeatable) out of command-line
     * arguments.
     *
     * @return the jars named, in order; {@code args} keeps the rest
     * @throws IllegalArgumentException when {@code --jars} has no value
     */
    public static List<String> takeOption(List<String> args) {
        List<String> jars = new ArrayList<>();
        for (int i = 0; i < args.size(); ) {
            String a = args.get(i);
            String value;
            if (a.equals("--jars")) {
                if (i + 1 >= args.size() || args.get(i + 1).startsWith("-")) {
                    throw new IllegalArgumentException("--jars needs a comma-separated list of jars");
                }
                value = args.get(i + 1);
                args.subList(i, i + 2).clear();
            } else if (a.startsWith("--jars=")) {
                value = a.substring("--jars=".length());
                args.remove(i);
            } else {
                i++;
                continue;
            }
            for (String j : value.split(",")) {
                if (!j.isBlank()) {
                    jars.add(j.strip());
                }
            }
        }
        return jars;
    }

    /**
     * The jars as absolute paths, every one checked to be a readable jar.
     *
     * @throws IllegalArgumentException naming each jar that is missing, not a file or not a jar
     */
    public static List<Path> check(List<String> jars) {
        List<Path> paths = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (String j : jars) {
            Path p = Path.of(j.startsWith("file:") ? java.net.URI.create(j).getPath() : j).toAbsolutePath().normalize();
            if (!Files.exists(p)) {
                problems.add("'" + j + "' does not exist");
            } else if (!Files.isRegularFile(p)) {
                problems.add("'" + j + "' is not a file");
            } else {
                try (ZipFile z = new ZipFile(p.toFile())) {
                    paths.add(p);
                } catch (IOException e) {
                    problems.add("'" + j + "' is not a jar (" + e.getMessage() + ")");
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("jars: " + String.join("; ", problems));
        }
        return paths;
    }
}
