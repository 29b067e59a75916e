package org.modnas.core.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

/**
 * One file system's operations on {@link Location}s. The local disk is built in
 * ({@link LocalFileStore}); other URI schemes come from providers listed under
 * {@code META-INF/services/org.modnas.core.store.FileStore}.
 */
public interface FileStore {
    /** Writes the content of a file to a stream; may fail, in which case nothing is replaced. */
    @FunctionalInterface
    interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Whether this store serves locations of URI scheme {@code scheme} (lower case). */
    boolean handles(String scheme);

    boolean isFile(Location file) throws IOException;

    boolean isFolder(Location folder) throws IOException;

    /** Bytes of a file. */
    long length(Location file) throws IOException;

    /** The file's modification time in milliseconds. */
    long modifiedMillis(Location file) throws IOException;

    InputStream open(Location file) throws IOException;

    /**
     * Replaces {@code file} with what {@code content} writes, whole: a reader sees the old file or the
     * new one, never a part; a failed write leaves the old file. Missing parent folders are created.
     */
    void write(Location file, Content content) throws IOException;

    /**
     * A stream that writes {@code file} from its start (replacing it), made visible as it is
     * flushed where the file system can ({@link java.io.Flushable}); for logs, not for state.
     */
    OutputStream create(Location file) throws IOException;

    /**
     * Creates {@code file} with {@code bytes} only if no file of that name exists, in one step of the
     * file system where it has one.
     *
     * @return false when the file exists
     */
    boolean createNew(Location file, byte[] bytes) throws IOException;

    /** Sets the file's modification time to now. */
    void touch(Location file) throws IOException;

    /** The entries of a folder in name order; none when it does not exist. */
    List<Location> list(Location folder) throws IOException;

    /**
     * Deletes a file, or a folder with everything in it when {@code recursive}.
     *
     * @return false when there was nothing to delete
     */
    boolean delete(Location location, boolean recursive) throws IOException;

    /**
     * Moves a file to a name that does not exist yet.
     *
     * @return false when the source is gone or the target exists
     */
    boolean rename(Location from, Location to) throws IOException;

    void mkdirs(Location folder) throws IOException;

    /** What this file system guarantees a run, in a sentence, for messages and the run log. */
    String guarantees();
}
