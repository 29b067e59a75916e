package org.modnas.models.data;

import java.nio.file.Path;
import java.util.List;

/**
 * Reads CIFAR-10 binary batches ({@code data_batch_1.bin} … {@code test_batch.bin}): records of one
 * label byte and 3 × 32 × 32 pixel bytes (channel planes, row-major).
 */
public final class Cifar10Reader {
    static final int RECORD = 1 + 3 * 32 * 32;

    private Cifar10Reader() {
    }

    /** Checks that every batch file holds a whole, non-zero number of records, without reading it whole. */
    public static void check(List<Path> batches) {
        for (Path b : batches) {
            BinaryFiles.Head h = BinaryFiles.head(b, 0);
            if (!h.gzip() && (h.size() == 0 || h.size() % RECORD != 0)) {
                throw new DataException(b + ": " + h.size() + " bytes is not a whole number of " + RECORD
                        + "-byte CIFAR-10 records (truncated or not a CIFAR-10 binary batch)");
            }
        }
    }

    public static ImageDataset read(String name, List<Path> batches) {
        if (batches.isEmpty()) {
            throw new DataException(name + ": no CIFAR-10 batch files given");
        }
        byte[][] contents = new byte[batches.size()][];
        long total = 0;
        for (int b = 0; b < batches.size(); b++) {
            contents[b] = BinaryFiles.readMaybeGzip(batches.get(b));
            if (contents[b].length == 0 || contents[b].length % RECORD != 0) {
                throw new DataException(batches.get(b) + ": " + contents[b].length + " bytes is not a whole number of "
                        + RECORD + "-byte CIFAR-10 records (truncated or not a CIFAR-10 binary batch)");
            }
            total += contents[b].length / RECORD;
        }
        int n = (int) total;
        byte[] pixels = new byte[n * (RECORD - 1)];
        int[] labels = new int[n];
        int i = 0;
        for (int b = 0; b < contents.length; b++) {
            byte[] c = contents[b];
            for (int off = 0; off < c.length; off += RECORD, i++) {
                labels[i] = c[off] & 0xFF;
                if (labels[i] > 9) {
                    throw new DataException(batches.get(b) + ": label " + labels[i] + " of record " + (off / RECORD)
                            + " outside [0, 10) (not a CIFAR-10 binary batch)");
                }
                System.arraycopy(c, off + 1, pixels, i * (RECORD - 1), RECORD - 1);
            }
        }
        return new ImageDataset(name, pixels, labels, 3, 32, 32, 10);
    }
}
