package org.modnas.models.data;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/** Reads a whole data file, gunzipping it when it starts with the gzip magic bytes. */
final class BinaryFiles {
    private BinaryFiles() {
    }

    static byte[] readMaybeGzip(Path file) {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            raw.mark(2);
            int b0 = raw.read();
            int b1 = raw.read();
            raw.reset();
            InputStream in = (b0 == 0x1f && b1 == 0x8b) ? new GZIPInputStream(raw, 1 << 16) : raw;
            ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(Files.size(file) * 4, Integer.MAX_VALUE - 8));
            in.transferTo(out);
            return out.toByteArray();
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
