package org.modnas.models.data;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Gets Fashion-MNIST when it is not on the machine, so a first search needs no manual step: the
 * Debian package {@code dataset-fashion-mnist} when apt is usable (running as root), else the data
 * set's official download into a cache folder. Never substitutes other data: when both fail, the
 * error says how to get the files.
 */
public final class FashionMnistFetcher {
    /** The four files of the data set. */
    public static final List<String> FILES = List.of("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
            "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz");
    /** The official download location (the data set's README). */
    public static final String OFFICIAL_URL = "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/";

    private FashionMnistFetcher() {
    }

    /** True when every file is in {@code dir}, gzipped or not. */
    public static boolean present(Path dir) {
        for (String f : FILES) {
            if (!Files.isRegularFile(dir.resolve(f)) && !Files.isRegularFile(dir.resolve(f.substring(0, f.length() - 3)))) {
                return false;
            }
        }
        return true;
    }

    /** The default cache folder for downloads: {@code $XDG_CACHE_HOME/modnas/fashion-mnist} or {@code ~/.cache/...}. */
    public static Path defaultCache() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("modnas").resolve("fashion-mnist");
    }

    /**
     * The folder holding the data: {@code root} if complete; else, after installing the Debian
     * package (when {@code root} is its folder and apt is usable), {@code root}; else {@code cache}
     * after downloading the missing files from {@code baseUrl}.
     */
    public static synchronized Path ensure(Path root, Path cache, String baseUrl, Consumer<String> log) {
        if (present(root)) {
            return root;
        }
        List<String> tried = new ArrayList<>();
        if (root.equals(Path.of(DataComponents.FASHION_MNIST_DIR))) {
            String apt = installPackage(log);
            if (apt == null && present(root)) {
                return root;
            }
            tried.add(apt == null ? "the Debian package installed but its files are not in " + root : apt);
        }
        if (present(cache)) {
            return cache;
        }
        String dl = download(cache, baseUrl, log);
        if (dl == null && present(cache)) {
            return cache;
        }
        tried.add(dl);
        throw new DataException("Fashion-MNIST is not in " + root + " and could not be fetched: " + String.join("; ", tried)
                + ". Install it with `apt-get install dataset-fashion-mnist`, or download " + String.join(", ", FILES)
                + " from " + OFFICIAL_URL + " into a folder and set data.dataset.root to it");
    }

    /** Installs the Debian package; returns null on success, else why it could not. */
    private static String installPackage(Consumer<String> log) {
        if (!Files.isExecutable(Path.of("/usr/bin/apt-get"))) {
            return "apt-get is not available";
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            return "installing the Debian package needs root";
        }
        log.accept("installing Debian package dataset-fashion-mnist ...");
        if (run(List.of("apt-get", "install", "-y", "-qq", "dataset-fashion-mnist")) == 0) {
            return null;
        }
        // the package lists may be missing on a fresh machine
        if (run(List.of("apt-get", "update", "-qq")) == 0
                && run(List.of("apt-get", "install", "-y", "-qq", "dataset-fashion-mnist")) == 0) {
            return null;
        }
        return "apt-get could not install dataset-fashion-mnist";
    }

    private static int run(List<String> cmd) {
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
            pb.environment().put("DEBIAN_FRONTEND", "noninteractive");
            Process p = pb.start();
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                return -1;
            }
            return p.exitValue();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Downloads the missing files into {@code dir}, each atomically; returns null on success, else why not. */
    static String download(Path dir, String baseUrl, Consumer<String> log) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20))
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        String base = baseUrl.endsWith("/") ? baseUrl : baseUrl + "/";
        try {
            Files.createDirectories(dir);
            for (String f : FILES) {
                Path target = dir.resolve(f);
                if (Files.isRegularFile(target)) {
                    continue;
                }
                log.accept("downloading " + base + f + " ...");
                HttpRequest req = HttpRequest.newBuilder(URI.create(base + f)).timeout(Duration.ofMinutes(5)).GET().build();
                HttpResponse<InputStream> resp = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
                if (resp.statusCode() != 200) {
                    resp.body().close();
                    return "downloading " + base + f + " answered HTTP " + resp.statusCode();
                }
                Path tmp = Files.createTempFile(dir, f, ".part");
                try (InputStream in = resp.body()) {
                    Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
                } finally {
                    Files.deleteIfExists(tmp);
                }
            }
            return null;
        } catch (IOException e) {
            return "downloading from " + base + " failed (" + e + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "download interrupted";
        }
    }
}
