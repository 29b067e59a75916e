package org.modnas.spark.driver;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.modnas.core.registry.UserJars;

/**
 * The jars a cluster's executors need, set as {@code spark.jars} before the session starts: the
 * project's own, the user's ({@code jars}, {@code --jars}) and whatever {@code spark-submit} ships
 * already, merged, never replaced. The project's own are the class path the launchers name in the
 * system property {@value #APP_JARS_PROPERTY}, and the jars named by the {@code Class-Path} of any
 * jar shipped (the application jar {@code spark-submit} is given): executors fetch each jar alone,
 * so what a manifest refers to must be shipped beside it. One jar per file name: Spark refuses a
 * second jar of the same name.
 */
public final class ShippedJars {
    /** The system property through which the launchers name the project's runtime jars (path-separated). */
    public static final String APP_JARS_PROPERTY = "modnas.app.jars";

    private ShippedJars() {
    }

    /**
     * Sets {@code spark.jars} of a cluster master to the union of what it holds, the project's jars
     * and the user's; a local master runs the tasks in this JVM, which has them all already.
     */
    static void ship(SparkConf conf, boolean local, List<Path> userJars) {
        if (local) {
            return;
        }
        List<String> all = new ArrayList<>();
        for (String j : conf.get("spark.jars", "").split(",")) {
            if (!j.isBlank()) {
                all.add(j.strip());
            }
        }
        for (String j : System.getProperty(APP_JARS_PROPERTY, "").split(File.pathSeparator)) {
            if (j.endsWith(".jar")) {
                all.add(j);
            }
        }
        for (Path p : userJars) {
            all.add(p.toString());
        }
        String merged = String.join(",", merge(all));
        if (!merged.isEmpty()) {
            conf.set("spark.jars", merged);
        }
    }

    /**
     * Adds to a running context what its executors lack: the {@code Class-Path} closure of the jars
     * it ships (an application jar that names its libraries in its manifest, as a user's
     * {@code spark-submit} of a {@link SparkSearch} application may) and the user jars this JVM
     * loaded. Executors fetch jars added later before their next task.
     */
    static void addTo(SparkContext sc) {
        String master = sc.master();
        if (master.startsWith("local") && !master.startsWith("local-cluster")) {
            return;
        }
        List<String> shipped = new ArrayList<>();
        for (String j : sc.getConf().get("spark.jars", "").split(",")) {
            if (!j.isBlank()) {
                shipped.add(j.strip());
            }
        }
        List<String> all = new ArrayList<>(shipped);
        for (Path p : UserJars.loaded()) {
            all.add(p.toString());
        }
        Set<String> names = new HashSet<>();
        for (String j : shipped) {
            names.add(j.substring(j.lastIndexOf('/') + 1));
        }
        for (String j : merge(all)) {
            if (names.add(j.substring(j.lastIndexOf('/') + 1))) {
                sc.addJar(j);
            }
        }
    }

    /**
     * The jars with what their manifests' {@code Class-Path} names added after each, one per file
     * name (the first wins).
     */
    static List<String> merge(List<String> jars) {
        Map<String, String> byName = new LinkedHashMap<>();
        for (String j : jars) {
            add(j, byName);
        }
        return new ArrayList<>(byName.values());
    }

    private static void add(String jar, Map<String, String> byName) {
        String name = jar.substring(jar.lastIndexOf('/') + 1);
        if (byName.putIfAbsent(name, jar) != null) {
            return;
        }
        Path local = localPath(jar);
        if (local == null || !Files.isRegularFile(local)) {
            return;
        }
        for (Path dep : classPathOf(local)) {
            add(dep.toString(), byName);
        }
    }

    /** The jars a jar's manifest names in {@code Class-Path}, resolved beside it; those that exist. */
    static List<Path> classPathOf(Path jar) {
        List<Path> out = new ArrayList<>();
        try (JarFile f = new JarFile(jar.toFile())) {
            Manifest m = f.getManifest();
            String cp = m == null ? null : m.getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
            if (cp == null) {
                return out;
            }
            for (String entry : cp.trim().split("\\s+")) {
                Path p = jar.toAbsolutePath().getParent().resolve(entry).normalize();
                if (entry.endsWith(".jar") && Files.isRegularFile(p)) {
                    out.add(p);
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            // not a jar we can read: ship it as it is; Spark reports it if it cannot
        }
        return out;
    }

    private static Path localPath(String jar) {
        if (jar.startsWith("file:")) {
            return Path.of(URI.create(jar));
        }
        return jar.contains("://") || jar.startsWith("local:") ? null : Path.of(jar);
    }
}
