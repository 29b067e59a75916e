package org.modnas.models.data;

import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * Reads MNIST-style IDX files (MNIST, Fashion-MNIST), gzipped or not: an images file
 * (magic 2051: count, rows, cols, then pixels) and a labels file (magic 2049: count, then labels),
 * big-endian. A wrong magic, a count mismatch or a truncated file fails naming the file.
 */
public final class IdxReader {
    static final int IMAGES_MAGIC = 2051;
    static final int LABELS_MAGIC = 2049;

    private IdxReader() {
    }

    /**
     * Checks two IDX files without reading them whole: magic numbers, header values, equal counts,
     * and file sizes that match the headers (for gzip, the size its trailer records).
     *
     * @throws DataException naming the file and what is wrong with it
     */
    public static void check(Path images, Path labels) {
        BinaryFiles.Head ih = BinaryFiles.head(images, 16);
        if (ih.bytes().length < 16) {
            throw new DataException(images + ": truncated: " + ih.bytes().length + " bytes, an IDX images header needs 16");
        }
        ByteBuffer ib = ByteBuffer.wrap(ih.bytes());
        int magic = ib.getInt();
        if (magic != IMAGES_MAGIC) {
            throw wrongMagic(images, magic, IMAGES_MAGIC, LABELS_MAGIC, "labels");
        }
        int n = ib.getInt();
        int rows = ib.getInt();
        int cols = ib.getInt();
        if (n < 0 || rows <= 0 || cols <= 0) {
            throw new DataException(images + ": bad header: count " + n + ", rows " + rows + ", cols " + cols);
        }
        long expected = 16L + (long) n * rows * cols;
        if (!BinaryFiles.holds(ih, expected)) {
            throw new DataException(images + ": truncated or inconsistent: the header says " + n + " images of " + rows
                    + "x" + cols + " (" + expected + " bytes), the file holds " + ih.size() + " bytes");
        }
        BinaryFiles.Head lh = BinaryFiles.head(labels, 8);
        if (lh.bytes().length < 8) {
            throw new DataException(labels + ": truncated: " + lh.bytes().length + " bytes, an IDX labels header needs 8");
        }
        ByteBuffer lb = ByteBuffer.wrap(lh.bytes());
        int lmagic = lb.getInt();
        if (lmagic != LABELS_MAGIC) {
            throw wrongMagic(labels, lmagic, LABELS_MAGIC, IMAGES_MAGIC, "images");
        }
        int ln = lb.getInt();
        if (ln != n) {
            throw new DataException(labels + ": has " + ln + " labels but " + images + " has " + n + " images");
        }
        if (!BinaryFiles.holds(lh, 8L + n)) {
            throw new DataException(labels + ": truncated or inconsistent: the header says " + n + " labels ("
                    + (8L + n) + " bytes), the file holds " + lh.size() + " bytes");
        }
    }

    private static DataException wrongMagic(Path file, int magic, int wanted, int other, String otherKind) {
        return new DataException(file + ": wrong magic number " + magic + ", an IDX " + (wanted == IMAGES_MAGIC ? "images" : "labels")
                + " file has " + wanted + (magic == other ? " (this is a" + ("images".equals(otherKind) ? "n " : " ")
                + otherKind + " file)" : ""));
    }

    public static ImageDataset read(String name, Path images, Path labels, int numClasses) {
        byte[] img = BinaryFiles.readMaybeGzip(images);
        byte[] lab = BinaryFiles.readMaybeGzip(labels);
        if (img.length < 16) {
            throw new DataException(images + ": truncated: " + img.length + " bytes, an IDX images header needs 16");
        }
        ByteBuffer ib = ByteBuffer.wrap(img);
        int magic = ib.getInt();
        if (magic != IMAGES_MAGIC) {
            throw wrongMagic(images, magic, IMAGES_MAGIC, LABELS_MAGIC, "labels");
        }
        int n = ib.getInt();
        int rows = ib.getInt();
        int cols = ib.getInt();
        if (n < 0 || rows <= 0 || cols <= 0) {
            throw new DataException(images + ": bad header: count " + n + ", rows " + rows + ", cols " + cols);
        }
        long expected = 16L + (long) n * rows * cols;
        if (img.length < expected) {
            throw new DataException(images + ": truncated: header says " + n + " images of " + rows + "x" + cols
                    + " (" + expected + " bytes), the file has " + img.length + " bytes");
        }
        if (lab.length < 8) {
            throw new DataException(labels + ": truncated: " + lab.length + " bytes, an IDX labels header needs 8");
        }
        ByteBuffer lb = ByteBuffer.wrap(lab);
        int lmagic = lb.getInt();
        if (lmagic != LABELS_MAGIC) {
            throw wrongMagic(labels, lmagic, LABELS_MAGIC, IMAGES_MAGIC, "images");
        }
        int ln = lb.getInt();
        if (ln != n) {
            throw new DataException(labels + ": has " + ln + " labels but " + images + " has " + n + " images");
        }
        if (lab.length < 8L + n) {
            throw new DataException(labels + ": truncated: header says " + n + " labels (" + (8L + n)
                    + " bytes), the file has " + lab.length + " bytes");
        }
        byte[] pixels = new byte[n * rows * cols];
        System.arraycopy(img, 16, pixels, 0, pixels.length);
        int[] ls = new int[n];
        for (int i = 0; i < n; i++) {
            ls[i] = lab[8 + i] & 0xFF;
            if (ls[i] >= numClasses) {
                throw new DataException(labels + ": label " + ls[i] + " at position " + i + " outside [0, " + numClasses + ")");
            }
        }
        return new ImageDataset(name, pixels, ls, 1, rows, cols, numClasses);
    }
}
