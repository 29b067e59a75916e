package org.modnas.models.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;
import org.modnas.core.store.Location;

/**
 * A data set's files where the readers open them: a local file as it is, a file of another file
 * system ({@code hdfs://}, {@code s3a://}, ...) copied once into this machine's cache and reused by
 * every candidate and every JVM of the machine. A cached copy is named by the file's URI, length and
 * modification time, so a changed file is copied again and a stale copy is never served; a copy
 * appears under its name only once complete. The cache is {@code <java.io.tmpdir>/modnas-data}
 * unless the system property {@code modnas.data.cache} names another folder.
 */
public final class DataFiles {
    private DataFiles() {
    }

    /** The cache's folder on this machine. */
    public static Path cacheRoot() {
        String p = System.getProperty("modnas.data.cache");
        return p != null && !p.isBlank() ? Path.of(p) : Path.of(System.getProperty("java.io.tmpdir"), "modnas-data");
    }

    /** A data set's root as a user wrote it: a local path or a URI. */
    static Location root(String text) {
        try {
            return Location.of(text);
        } catch (IllegalArgumentException e) {
            throw new DataException("data.dataset.root: " + e.getMessage(), e);
        }
    }

    static boolean isFile(Location l) {
        try {
            return l.isFile();
        } catch (IOException e) {
            throw new DataException(l + ": cannot be read (" + e.getMessage() + ")", e);
        }
    }

    static boolean isFolder(Location l) {
        try {
            return l.isFolder();
        } catch (IOException e) {
            throw new DataException(l + ": cannot be read (" + e.getMessage() + ")", e);
        }
    }

    /**
     * The local path of {@code file}: its own when local, else its cached copy (copied now when the
     * cache has none of this length and time).
     *
     * @throws DataException naming the file when it cannot be read
     */
    public static Path local(Location file) {
        if (file.isLocal()) {
            return file.path();
        }
        try {
            long length = file.length();
            long time = file.modifiedMillis();
            Path dir = cacheRoot().resolve(digest(file.uri() + "\n" + length + "\n" + time));
            Path copy = dir.resolve(file.name());
            if (Files.isRegularFile(copy) && Files.size(copy) == length) {
                return copy;
            }
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "." + file.name() + ".", ".part");
            try {
                try (InputStream in = file.open()) {
                    Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                }
                if (Files.size(tmp) != length) {
                    throw new IOException("copied " + Files.size(tmp) + " bytes of " + length);
                }
                try {
                    Files.move(tmp, copy, StandardCopyOption.ATOMIC_MOVE);
                } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
                    Files.move(tmp, copy, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
            return copy;
        } catch (IOException e) {
            throw new DataException(file + ": cannot be copied to this machine's data cache " + cacheRoot() + " ("
                    + e.getMessage() + ")", e);
        }
    }

    /** Every file under {@code folder} (its sub-folders too), copied as {@link #local(Location)} does; the local tree. */
    public static Path localTree(Location folder) {
        if (folder.isLocal()) {
            return folder.path();
        }
        try {
            List<Location> files = new ArrayList<>();
            walk(folder, files);
            StringBuilder listing = new StringBuilder(folder.uri().toString());
            for (Location f : files) {
                listing.append('\n').append(f).append(' ').append(f.length()).append(' ').append(f.modifiedMillis());
            }
            Path tree = cacheRoot().resolve(digest(listing.toString()));
            String base = folder.toString() + "/";
            for (Location f : files) {
                Path target = tree.resolve(f.toString().substring(base.length()));
                if (!Files.isRegularFile(target)) {
                    Files.createDirectories(target.getParent());
                    Path copy = local(f);
                    try {
                        Files.createLink(target, copy);
                    } catch (IOException | UnsupportedOperationException e) {
                        Files.copy(copy, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
            Files.createDirectories(tree);
            return tree;
        } catch (IOException e) {
            throw new DataException(folder + ": cannot be copied to this machine's data cache " + cacheRoot() + " ("
                    + e.getMessage() + ")", e);
        }
    }

    private static void walk(Location folder, List<Location> out) throws IOException {
        for (Location l : folder.list()) {
            if (l.isFolder()) {
                walk(l, out);
            } else {
                out.add(l);
            }
        }
    }

    /**
     * Runs {@code reading} on the local copies and names the URI, not the cached copy, in its errors.
     *
     * @param files the files read, whose cached copies the errors may name
     */
    static <T> T naming(List<Location> files, Supplier<T> reading) {
        try {
            return reading.get();
        } catch (DataException e) {
            String m = e.getMessage();
            for (Location f : files) {
                if (!f.isLocal()) {
                    m = m.replace(cachedName(f), f.toString());
                }
            }
            throw m.equals(e.getMessage()) ? e : new DataException(m, e);
        }
    }

    /** The cached copy's path as messages name it, for a file already copied. */
    private static String cachedName(Location f) {
        try {
            return cacheRoot().resolve(digest(f.uri() + "\n" + f.length() + "\n" + f.modifiedMillis())).resolve(f.name()).toString();
        } catch (IOException e) {
            return f.name();
        }
    }

    private static String digest(String text) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
