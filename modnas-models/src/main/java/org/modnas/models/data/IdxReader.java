package org.modnas.models.data;

import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * Reads MNIST-style IDX files (MNIST, Fashion-MNIST), gzipped or not: an images file
 * (magic 2051: count, rows, cols, then pixels) and a labels file (magic 2049: count, then labels),
 * big-endian. A wrong magic, a count mismatch or a truncated file fails naming the file; the same
 * checks run on the headers alone ({@link #check}) before a search starts.
 */
public final class IdxReader {
    static final int IMAGES_MAGIC = 2051;
    static final int LABELS_MAGIC = 2049;

    private IdxReader() {
    }

    /** What the two headers say, checked against each other. */
    private record Headers(int count, int rows, int cols) {
        long imagesBytes() {
            return 16L + (long) count * rows * cols;
        }

        long labelsBytes() {
            return 8L + count;
        }
    }

    /**
     * Checks two IDX files without reading them whole: magic numbers, header values, equal counts,
     * and file sizes that match the headers (for gzip, the size its trailer records).
     *
     * @throws DataException naming the file and what is wrong with it
     */
    public static void check(Path images, Path labels) {
        BinaryFiles.Head ih = BinaryFiles.head(images, 16);
        BinaryFiles.Head lh = BinaryFiles.head(labels, 8);
        Headers h = headers(images, ih.bytes(), labels, lh.bytes());
        if (!BinaryFiles.holds(ih, h.imagesBytes())) {
            throw truncated(images, h.count() + " images of " + h.rows() + "x" + h.cols(), h.imagesBytes(), ih.size());
        }
        if (!BinaryFiles.holds(lh, h.labelsBytes())) {
            throw truncated(labels, h.count() + " labels", h.labelsBytes(), lh.size());
        }
    }

    public static ImageDataset read(String name, Path images, Path labels, int numClasses) {
        byte[] img = BinaryFiles.readMaybeGzip(images);
        byte[] lab = BinaryFiles.readMaybeGzip(labels);
        Headers h = headers(images, img, labels, lab);
        if (img.length < h.imagesBytes()) {
            throw truncated(images, h.count() + " images of " + h.rows() + "x" + h.cols(), h.imagesBytes(), img.length);
        }
        if (lab.length < h.labelsBytes()) {
            throw truncated(labels, h.count() + " labels", h.labelsBytes(), lab.length);
        }
        int n = h.count();
        byte[] pixels = new byte[n * h.rows() * h.cols()];
        System.arraycopy(img, 16, pixels, 0, pixels.length);
        int[] ls = new int[n];
        for (int i = 0; i < n; i++) {
            ls[i] = lab[8 + i] & 0xFF;
            if (ls[i] >= numClasses) {
                throw new DataException(labels + ": label " + ls[i] + " at position " + i + " outside [0, " + numClasses + ")");
            }
        }
        return new ImageDataset(name, pixels, ls, 1, h.rows(), h.cols(), numClasses);
    }

    /** Parses and checks both headers from the first bytes of each file. */
    private static Headers headers(Path images, byte[] img, Path labels, byte[] lab) {
        if (img.length < 16) {
            throw new DataException(images + ": truncated: " + img.length + " bytes, an IDX images header needs 16");
        }
        ByteBuffer ib = ByteBuffer.wrap(img);
        int magic = ib.getInt();
        if (magic != IMAGES_MAGIC) {
            throw wrongMagic(images, magic, IMAGES_MAGIC, LABELS_MAGIC, "labels");
        }
        Headers h = new Headers(ib.getInt(), ib.getInt(), ib.getInt());
        if (h.count() < 0 || h.rows() <= 0 || h.cols() <= 0) {
            throw new DataException(images + ": bad header: count " + h.count() + ", rows " + h.rows() + ", cols " + h.cols());
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
        if (ln != h.count()) {
            throw new DataException(labels + ": has " + ln + " labels but " + images + " has " + h.count() + " images");
        }
        return h;
    }

    private static DataException truncated(Path file, String what, long expected, long size) {
        return new DataException(file + ": truncated or inconsistent: the header says " + what + " (" + expected
                + " bytes), the file holds " + size + " bytes");
    }

    private static DataException wrongMagic(Path file, int magic, int wanted, int other, String otherKind) {
        return new DataException(file + ": wrong magic number " + magic + ", an IDX " + (wanted == IMAGES_MAGIC ? "images" : "labels")
                + " file has " + wanted + (magic == other ? " (this is a" + ("images".equals(otherKind) ? "n " : " ")
                + otherKind + " file)" : ""));
    }
}
