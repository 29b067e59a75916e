package org.modnas.models.data;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads a whole data file, gunzipping it when it starts with the gzip magic bytes; or only its
 * header and its (uncompressed) size, which is what the driver checks before a search starts.
 * Every fault is a {@link DataException} naming the file.
 */
final class BinaryFiles {
    private BinaryFiles() {
    }

    /** The first {@code n} bytes and the content size of a data file, gunzipped when gzip. */
    record Head(byte[] bytes, long size, boolean gzip) {
    }

    /** What is done with a data file's content stream. */
    private interface Reading<T> {
        T read(InputStream content, boolean gzip) throws IOException;
    }

    static byte[] readMaybeGzip(Path file) {
        return open(file, 1 << 16, (in, gzip) -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(Files.size(file) * 4, Integer.MAX_VALUE - 8));
            in.transferTo(out);
            return out.toByteArray();
        });
    }

    /**
     * Reads the first {@code n} (uncompressed) bytes of a file and its content size: the file's size,
     * or for gzip the size its trailer records (modulo 2^32, as gzip keeps it), so a truncated or
     * inconsistent file shows without reading it whole.
     */
    static Head head(Path file, int n) {
        return open(file, 1 << 12, (in, gzip) -> {
            byte[] head = in.readNBytes(n);
            long size = Files.size(file);
            return new Head(head, gzip ? trailerSize(file, size) : size, gzip);
        });
    }

    /** True when a file of {@code head}'s content size holds {@code expected} bytes (gzip sizes count modulo 2^32). */
    static boolean holds(Head head, long expected) {
        return head.gzip() ? head.size() == (expected & 0xFFFF_FFFFL) : head.size() >= expected;
    }

    /** The uncompressed size a gzip file's last four bytes (ISIZE) record. */
    private static long trailerSize(Path file, long size) throws IOException {
        if (size < 18) {
            throw new DataException(file + ": truncated gzip file (" + size + " bytes)");
        }
        try (SeekableByteChannel ch = Files.newByteChannel(file)) {
            ByteBuffer trailer = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
            ch.position(size - 4);
            while (trailer.hasRemaining() && ch.read(trailer) >= 0) {
                // fill the four bytes of ISIZE
            }
            return Integer.toUnsignedLong(trailer.flip().getInt());
        }
    }

    private static <T> T open(Path file, int buffer, Reading<T> reading) {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), buffer)) {
            raw.mark(2);
            int b0 = raw.read();
            int b1 = raw.read();
            raw.reset();
            boolean gzip = b0 == 0x1f && b1 == 0x8b;
            return reading.read(gzip ? new GZIPInputStream(raw, buffer) : raw, gzip);
        } catch (NoSuchFileException e) {
            throw new DataException(file + ": file not found");
        } catch (EOFException e) {
            throw new DataException(file + ": truncated gzip stream (" + e.getMessage() + ")");
        } catch (ZipException e) {
            throw new DataException(file + ": corrupt gzip data (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw new DataException(file + ": cannot read (" + e + ")", e);
        }
    }
}
