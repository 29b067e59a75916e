package org.modnas.core.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * A file or folder of a run: a local path ({@code runs/x}, {@code /data/runs/x}, {@code file:///...})
 * or a URI of another file system ({@code hdfs://namenode:8020/runs/x}, {@code s3a://bucket/runs/x}).
 * Its operations go to the {@link FileStore} of its scheme. A location is its text: it is shipped to
 * executors as a string and opened there again with {@link #of(String)}.
 */
public final class Location implements Serializable {
    private static final long serialVersionUID = 1L;
    /** A URI scheme of two or more characters, so {@code C:\...} stays a local path. */
    private static final Pattern URI_SCHEME = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]+):.*");
    private static final Map<String, FileStore> STORES = new ConcurrentHashMap<>();

    /** The local path, or null for a location of another file system. */
    private final transient Path local;
    /** The text: the local path as given, or the URI without a trailing slash. */
    private final String text;

    private Location(Path local, String text) {
        this.local = local;
        this.text = text;
    }

    /**
     * The location a user wrote: a URI with a scheme other than {@code file}, or a local path.
     *
     * @throws IllegalArgumentException naming the text when it is not a usable URI
     */
    public static Location of(String pathOrUri) {
        Objects.requireNonNull(pathOrUri, "location");
        java.util.regex.Matcher m = URI_SCHEME.matcher(pathOrUri);
        if (!m.matches()) {
            return new Location(Path.of(pathOrUri), pathOrUri);
        }
        String scheme = m.group(1).toLowerCase(Locale.ROOT);
        URI uri;
        try {
            uri = new URI(pathOrUri);
            if (scheme.equals("file")) {
                Path p = Path.of(uri);
                return new Location(p, p.toString());
            }
        } catch (java.net.URISyntaxException | IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
            throw new IllegalArgumentException("'" + pathOrUri + "' is not a location: " + e.getMessage(), e);
        }
        if (uri.isOpaque() || uri.getRawAuthority() == null && (uri.getRawPath() == null || !uri.getRawPath().startsWith("/"))) {
            throw new IllegalArgumentException("'" + pathOrUri + "' is not a location: a URI needs an absolute path, "
                    + "e.g. hdfs://namenode:8020/runs or s3a://bucket/runs");
        }
        return remote(uri.getScheme(), uri.getRawAuthority(), uri.getRawPath());
    }

    /** A location of another file system, its path without a trailing slash. */
    private static Location remote(String scheme, String authority, String path) {
        String p = path == null ? "" : path.replaceAll("/{2,}", "/");
        while (p.length() > 1 && p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return new Location(null, scheme + ":" + (authority == null ? "" : "//" + authority) + p);
    }

    /** A local file or folder. */
    public static Location of(Path local) {
        return new Location(Objects.requireNonNull(local, "path"), local.toString());
    }

    /** Whether this is on the local disk (and {@link #path()} gives it). */
    public boolean isLocal() {
        return local != null || !URI_SCHEME.matcher(text).matches();
    }

    /**
     * The local path of a local location.
     *
     * @throws IllegalStateException for a location of another file system
     */
    public Path path() {
        if (!isLocal()) {
            throw new IllegalStateException(text + " is not on the local disk");
        }
        return local != null ? local : Path.of(text);
    }

    /** The URI scheme: {@code file} for a local location. */
    public String scheme() {
        return isLocal() ? "file" : URI.create(text).getScheme().toLowerCase(Locale.ROOT);
    }

    /** The URI of this location (local ones as absolute {@code file:} URIs), never ending in a slash but at a root. */
    public URI uri() {
        if (!isLocal()) {
            return URI.create(text);
        }
        // a folder's URI without the trailing slash Path.toUri gives an existing one, so its parent is its parent
        URI u = path().toAbsolutePath().normalize().toUri();
        String t = u.toString();
        return t.endsWith("/") && u.getPath().length() > 1 ? URI.create(t.substring(0, t.length() - 1)) : u;
    }

    /** The child {@code name} (one or more {@code /}-separated names) of this folder. */
    public Location resolve(String name) {
        if (isLocal()) {
            return of(path().resolve(name));
        }
        URI u = URI.create(text);
        String p = u.getRawPath() == null ? "" : u.getRawPath();
        return remote(u.getScheme(), u.getRawAuthority(), (p.endsWith("/") ? p : p + "/") + name);
    }

    /** The folder holding this location, or null at a root. */
    public Location parent() {
        if (isLocal()) {
            Path p = path().toAbsolutePath().getParent();
            return p == null ? null : of(path().getParent() != null ? path().getParent() : p);
        }
        URI u = URI.create(text);
        String p = u.getRawPath();
        if (p == null || p.isEmpty() || p.equals("/")) {
            return null;
        }
        String up = p.substring(0, p.lastIndexOf('/'));
        return remote(u.getScheme(), u.getRawAuthority(), up.isEmpty() ? "/" : up);
    }

    /** The last name of this location. */
    public String name() {
        if (isLocal()) {
            Path n = path().toAbsolutePath().normalize().getFileName();
            return n == null ? "" : n.toString();
        }
        return text.substring(text.lastIndexOf('/') + 1);
    }

    /** The same location with {@code ./} and {@code ../} resolved and a local path made absolute. */
    public Location absolute() {
        return isLocal() ? of(path().toAbsolutePath().normalize()) : this;
    }

    /** The file system this location lives on. */
    public FileStore store() {
        String scheme = scheme();
        return STORES.computeIfAbsent(scheme, Location::find);
    }

    private static FileStore find(String scheme) {
        if (scheme.equals("file")) {
            return LocalFileStore.INSTANCE;
        }
        for (FileStore s : ServiceLoader.load(FileStore.class, Location.class.getClassLoader())) {
            if (s.handles(scheme)) {
                return s;
            }
        }
        for (FileStore s : ServiceLoader.load(FileStore.class)) {
            if (s.handles(scheme)) {
                return s;
            }
        }
        throw new IllegalArgumentException("no file system for '" + scheme + "://' locations here: they are reached through "
                + "Hadoop's client, which the search, show, report, export and ui commands carry (and, for s3a://, "
                + "gs:// or abfs://, the file system's own Hadoop module, e.g. --packages org.apache.hadoop:hadoop-aws)");
    }

    public boolean exists() throws IOException {
        return isFile() || isFolder();
    }

    public boolean isFile() throws IOException {
        return store().isFile(this);
    }

    public boolean isFolder() throws IOException {
        return store().isFolder(this);
    }

    public long length() throws IOException {
        return store().length(this);
    }

    public long modifiedMillis() throws IOException {
        return store().modifiedMillis(this);
    }

    public InputStream open() throws IOException {
        return store().open(this);
    }

    public byte[] readBytes() throws IOException {
        try (InputStream in = open()) {
            return in.readAllBytes();
        }
    }

    public String readString() throws IOException {
        return new String(readBytes(), StandardCharsets.UTF_8);
    }

    /** The text of a file, or null when it does not exist. */
    public String readStringIfExists() throws IOException {
        return isFile() ? readString() : null;
    }

    /**
     * Replaces the file with what {@code content} writes, whole ({@link FileStore#write}).
     *
     * @throws UncheckedIOException naming the file when writing fails (the old file is then intact)
     */
    public void write(FileStore.Content content) {
        try {
            store().write(this, content);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + this + ": " + e.getMessage(), e);
        }
    }

    /** Replaces the file with {@code text} as UTF-8, whole. */
    public void write(String text) {
        write(text.getBytes(StandardCharsets.UTF_8));
    }

    public void write(byte[] bytes) {
        write(out -> out.write(bytes));
    }

    public OutputStream create() throws IOException {
        return store().create(this);
    }

    public boolean createNew(byte[] bytes) throws IOException {
        return store().createNew(this, bytes);
    }

    public void touch() throws IOException {
        store().touch(this);
    }

    public List<Location> list() throws IOException {
        return store().list(this);
    }

    /** Deletes a file or an empty folder; false when there was nothing. */
    public boolean delete() throws IOException {
        return store().delete(this, false);
    }

    /** Deletes a file, or a folder with everything in it; false when there was nothing. */
    public boolean deleteAll() throws IOException {
        return store().delete(this, true);
    }

    public boolean renameTo(Location target) throws IOException {
        return store().rename(this, target);
    }

    public void mkdirs() throws IOException {
        store().mkdirs(this);
    }

    /** Bytes of every file under this folder (the file's own for a file), 0 when absent. */
    public long totalBytes() throws IOException {
        if (isFile()) {
            return length();
        }
        long sum = 0;
        for (Location l : list()) {
            sum += l.totalBytes();
        }
        return sum;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Location l && text.equals(l.text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    /** The path or URI as given. */
    @Override
    public String toString() {
        return text;
    }
}
