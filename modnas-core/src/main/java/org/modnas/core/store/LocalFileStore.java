package org.modnas.core.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The local disk. A whole-file write goes to a temporary file in the target's folder, is forced to
 * disk and moved over the target in one atomic rename; creating a file only if absent is one step of
 * the operating system.
 */
public final class LocalFileStore implements FileStore {
    static final LocalFileStore INSTANCE = new LocalFileStore();

    private LocalFileStore() {
    }

    @Override
    public boolean handles(String scheme) {
        return scheme.equals("file");
    }

    @Override
    public boolean isFile(Location file) {
        return Files.isRegularFile(file.path());
    }

    @Override
    public boolean isFolder(Location folder) {
        return Files.isDirectory(folder.path());
    }

    @Override
    public long length(Location file) throws IOException {
        return Files.size(file.path());
    }

    @Override
    public long modifiedMillis(Location file) throws IOException {
        return Files.getLastModifiedTime(file.path()).toMillis();
    }

    @Override
    public InputStream open(Location file) throws IOException {
        return Files.newInputStream(file.path());
    }

    @Override
    public void write(Location file, Content content) throws IOException {
        Path abs = file.path().toAbsolutePath();
        Path dir = abs.getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            // a dot-name in the same folder: same file system, so the rename below is atomic
            tmp = Files.createTempFile(dir, "." + abs.getFileName() + ".", ".tmp");
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                OutputStream out = Channels.newOutputStream(ch);
                content.writeTo(out);
                out.flush();
                ch.force(true);
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
            syncFolder(dir);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException e) {
                    // the write already failed; its exception is the one worth reporting
                }
            }
        }
    }

    /** Makes the rename itself durable; not every platform can open a folder, which is harmless. */
    private static void syncFolder(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Windows cannot open folders as channels; the rename is still atomic there
        }
    }

    @Override
    public OutputStream create(Location file) throws IOException {
        Path p = file.path();
        Path dir = p.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        return Files.newOutputStream(p, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE);
    }

    @Override
    public boolean createNew(Location file, byte[] bytes) throws IOException {
        Path p = file.path();
        Files.createDirectories(p.toAbsolutePath().getParent());
        try {
            Files.write(p, bytes, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        }
    }

    @Override
    public void touch(Location file) throws IOException {
        Files.setLastModifiedTime(file.path(), FileTime.fromMillis(System.currentTimeMillis()));
    }

    @Override
    public List<Location> list(Location folder) throws IOException {
        Path p = folder.path();
        if (!Files.isDirectory(p)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(p)) {
            return s.sorted(Comparator.comparing(x -> x.getFileName().toString())).map(Location::of).toList();
        }
    }

    @Override
    public boolean delete(Location location, boolean recursive) throws IOException {
        Path p = location.path();
        if (!Files.exists(p)) {
            return false;
        }
        if (recursive && Files.isDirectory(p)) {
            try (Stream<Path> files = Files.walk(p)) {
                for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(f);
                }
            }
            return true;
        }
        try {
            return Files.deleteIfExists(p);
        } catch (DirectoryNotEmptyException e) {
            throw new IOException("cannot delete " + p + ": the folder is not empty", e);
        }
    }

    @Override
    public boolean rename(Location from, Location to) throws IOException {
        if (Files.exists(to.path())) {
            return false;
        }
        try {
            Files.move(from.path(), to.path(), StandardCopyOption.ATOMIC_MOVE);
            return true;
        } catch (NoSuchFileException | FileAlreadyExistsException e) {
            return false;
        }
    }

    @Override
    public void mkdirs(Location folder) throws IOException {
        Files.createDirectories(folder.path());
    }

    @Override
    public String guarantees() {
        return "local disk: whole-file writes by atomic rename, create-if-absent by the operating system";
    }
}
