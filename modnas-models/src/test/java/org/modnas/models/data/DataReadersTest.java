package org.modnas.models.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataReadersTest {
    @TempDir
    Path dir;

    private static byte[] idxImages(int magic, int n, int rows, int cols, int pixelBytes) {
        ByteBuffer b = ByteBuffer.allocate(16 + pixelBytes);
        b.putInt(magic).putInt(n).putInt(rows).putInt(cols);
        for (int i = 0; i < pixelBytes; i++) {
            b.put((byte) (i * 7));
        }
        return b.array();
    }

    private static byte[] idxLabels(int magic, int n, int labelBytes) {
        ByteBuffer b = ByteBuffer.allocate(8 + labelBytes);
        b.putInt(magic).putInt(n);
        for (int i = 0; i < labelBytes; i++) {
            b.put((byte) (i % 10));
        }
        return b.array();
    }

    private Path write(String name, byte[] content, boolean gzip) throws IOException {
        Path p = dir.resolve(name);
        try (OutputStream o = gzip ? new GZIPOutputStream(Files.newOutputStream(p)) : Files.newOutputStream(p)) {
            o.write(content);
        }
        return p;
    }

    @Test
    void readsGzippedAndPlainIdxFiles() throws IOException {
        for (boolean gz : new boolean[] {true, false}) {
            Path img = write("img" + gz, idxImages(2051, 3, 2, 2, 12), gz);
            Path lab = write("lab" + gz, idxLabels(2049, 3, 3), gz);
            ImageDataset d = IdxReader.read("t", img, lab, 10);
            assertEquals(3, d.size());
            assertEquals(1, d.channels());
            assertEquals(2, d.height());
            assertEquals(2, d.label(2));
            assertEquals(7, d.pixel(0, 1));
        }
    }

    @Test
    void wrongMagicNamesTheFileAndTheExpectedMagic() throws IOException {
        Path img = write("img", idxImages(2049, 3, 2, 2, 12), false);
        Path lab = write("lab", idxLabels(2049, 3, 3), false);
        DataException e = assertThrows(DataException.class, () -> IdxReader.read("t", img, lab, 10));
        assertEquals(img + ": wrong magic number 2049, an IDX images file has 2051 (this is a labels file)", e.getMessage());
        Path img2 = write("img2", idxImages(2051, 3, 2, 2, 12), false);
        Path lab2 = write("lab2", idxLabels(77, 3, 3), false);
        e = assertThrows(DataException.class, () -> IdxReader.read("t", img2, lab2, 10));
        assertEquals(lab2 + ": wrong magic number 77, an IDX labels file has 2049", e.getMessage());
    }

    @Test
    void truncatedFilesSayWhatIsMissing() throws IOException {
        Path img = write("img", idxImages(2051, 3, 2, 2, 10), true);
        Path lab = write("lab", idxLabels(2049, 3, 3), false);
        DataException e = assertThrows(DataException.class, () -> IdxReader.read("t", img, lab, 10));
        assertEquals(img + ": truncated or inconsistent: the header says 3 images of 2x2 (28 bytes), the file holds 26 bytes", e.getMessage());
        Path img2 = write("img2", idxImages(2051, 3, 2, 2, 12), false);
        Path lab2 = write("lab2", idxLabels(2049, 3, 2), false);
        e = assertThrows(DataException.class, () -> IdxReader.read("t", img2, lab2, 10));
        assertEquals(lab2 + ": truncated or inconsistent: the header says 3 labels (11 bytes), the file holds 10 bytes", e.getMessage());
        Path tiny = write("tiny", new byte[] {0, 0, 8}, false);
        e = assertThrows(DataException.class, () -> IdxReader.read("t", tiny, lab2, 10));
        assertEquals(tiny + ": truncated: 3 bytes, an IDX images header needs 16", e.getMessage());
    }

    @Test
    void aCutGzipStreamIsReportedAsTruncated() throws IOException {
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(bo)) {
            g.write(idxImages(2051, 100, 28, 28, 78400));
        }
        byte[] full = bo.toByteArray();
        Path img = dir.resolve("cut.gz");
        Files.write(img, java.util.Arrays.copyOf(full, full.length / 2));
        Path lab = write("lab", idxLabels(2049, 100, 100), false);
        DataException e = assertThrows(DataException.class, () -> IdxReader.read("t", img, lab, 10));
        assertTrue(e.getMessage().startsWith(img + ": truncated gzip stream"), e.getMessage());
    }

    @Test
    void countMismatchAndMissingFilesAreNamed() throws IOException {
        Path img = write("img", idxImages(2051, 3, 2, 2, 12), false);
        Path lab = write("lab", idxLabels(2049, 4, 4), false);
        assertEquals(lab + ": has 4 labels but " + img + " has 3 images",
                assertThrows(DataException.class, () -> IdxReader.read("t", img, lab, 10)).getMessage());
        Path none = dir.resolve("absent");
        assertEquals(none + ": file not found",
                assertThrows(DataException.class, () -> IdxReader.read("t", none, lab, 10)).getMessage());
    }

    @Test
    void readsRealFashionMnist() {
        Path root = Path.of(DataComponents.FASHION_MNIST_DIR);
        assumeTrue(Files.isDirectory(root), "Fashion-MNIST is installed by .ci/run");
        ImageDataset test = IdxReader.read("fm", root.resolve("t10k-images-idx3-ubyte.gz"),
                root.resolve("t10k-labels-idx1-ubyte.gz"), 10);
        assertEquals(10_000, test.size());
        assertEquals(28, test.width());
        // the first test images of Fashion-MNIST are an ankle boot, a pullover and a trouser
        assertArrayEquals(new int[] {9, 2, 1}, new int[] {test.label(0), test.label(1), test.label(2)});
        int[] perClass = new int[10];
        for (int i = 0; i < test.size(); i++) {
            perClass[test.label(i)]++;
        }
        for (int c : perClass) {
            assertEquals(1000, c);
        }
    }

    @Test
    void readsCifarBatchesAndRejectsPartialRecords() throws IOException {
        byte[] rec = new byte[2 * Cifar10Reader.RECORD];
        rec[0] = 3;
        rec[1] = (byte) 200;
        rec[Cifar10Reader.RECORD] = 9;
        Path b = write("data_batch_1.bin", rec, false);
        ImageDataset d = Cifar10Reader.read("c", List.of(b));
        assertEquals(2, d.size());
        assertEquals(3, d.channels());
        assertEquals(3, d.label(0));
        assertEquals(9, d.label(1));
        assertEquals(200, d.pixel(0, 0));
        Path cut = write("cut.bin", java.util.Arrays.copyOf(rec, 5000), false);
        assertEquals(cut + ": 5000 bytes is not a whole number of 3073-byte CIFAR-10 records (truncated or not a CIFAR-10 binary batch)",
                assertThrows(DataException.class, () -> Cifar10Reader.read("c", List.of(cut))).getMessage());
        rec[0] = 12;
        Path bad = write("bad.bin", rec, false);
        assertEquals(bad + ": label 12 of record 0 outside [0, 10) (not a CIFAR-10 binary batch)",
                assertThrows(DataException.class, () -> Cifar10Reader.read("c", List.of(bad))).getMessage());
    }

    @Test
    void readsImageFoldersWithOneFolderPerClass() throws IOException {
        for (String cls : List.of("cat", "dog")) {
            Files.createDirectories(dir.resolve("train").resolve(cls));
            for (int i = 0; i < 2; i++) {
                BufferedImage img = new BufferedImage(10, 10, BufferedImage.TYPE_INT_RGB);
                int v = cls.equals("cat") ? 0xFF0000 : 0x0000FF;
                for (int y = 0; y < 10; y++) {
                    for (int x = 0; x < 10; x++) {
                        img.setRGB(x, y, v);
                    }
                }
                ImageIO.write(img, "png", dir.resolve("train").resolve(cls).resolve(i + ".png").toFile());
            }
        }
        Files.writeString(dir.resolve("train/cat/notes.txt"), "ignored");
        ImageDataset d = ImageFolderReader.read("f", dir.resolve("train"), 4, 3);
        assertEquals(4, d.size());
        assertEquals(2, d.numClasses());
        assertEquals(0, d.label(0));
        assertEquals(255, d.pixel(0, 0)); // red plane of a red cat
        assertEquals(255, d.pixel(3, 2 * 16)); // blue plane of a blue dog
        assertEquals(dir.resolve("nowhere") + ": image folder not found",
                assertThrows(DataException.class, () -> ImageFolderReader.read("f", dir.resolve("nowhere"), 4, 3)).getMessage());
        Files.createDirectories(dir.resolve("empty"));
        assertEquals(dir.resolve("empty") + ": no class sub-folders (expected one folder per class)",
                assertThrows(DataException.class, () -> ImageFolderReader.read("f", dir.resolve("empty"), 4, 3)).getMessage());
        Files.writeString(dir.resolve("train/dog/broken.png"), "not a png");
        assertTrue(assertThrows(DataException.class, () -> ImageFolderReader.read("f", dir.resolve("train"), 4, 3))
                .getMessage().startsWith(dir.resolve("train/dog/broken.png").toString()));
    }

    @Test
    void theDriversCheckFindsWhatAReadWouldWithoutReadingTheFiles() throws IOException {
        for (boolean gz : new boolean[] {true, false}) {
            Path img = write("ok-img" + gz, idxImages(2051, 3, 2, 2, 12), gz);
            Path lab = write("ok-lab" + gz, idxLabels(2049, 3, 3), gz);
            IdxReader.check(img, lab);
            Path magic = write("magic" + gz, idxImages(2049, 3, 2, 2, 12), gz);
            assertEquals(magic + ": wrong magic number 2049, an IDX images file has 2051 (this is a labels file)",
                    assertThrows(DataException.class, () -> IdxReader.check(magic, lab)).getMessage());
            Path shortImg = write("short" + gz, idxImages(2051, 3, 2, 2, 10), gz);
            assertEquals(shortImg + ": truncated or inconsistent: the header says 3 images of 2x2 (28 bytes), the file "
                    + "holds 26 bytes", assertThrows(DataException.class, () -> IdxReader.check(shortImg, lab)).getMessage());
            Path fewer = write("fewer" + gz, idxLabels(2049, 2, 2), gz);
            assertEquals(fewer + ": has 2 labels but " + img + " has 3 images",
                    assertThrows(DataException.class, () -> IdxReader.check(img, fewer)).getMessage());
        }
        // a gzip file cut short: its trailer no longer records the size the header promises
        byte[] whole = Files.readAllBytes(write("cut.gz", idxImages(2051, 50, 28, 28, 50 * 28 * 28), true));
        Path cut = Files.write(dir.resolve("cut2.gz"), java.util.Arrays.copyOf(whole, whole.length - 9));
        Path lab = write("lab50", idxLabels(2049, 50, 50), true);
        DataException e = assertThrows(DataException.class, () -> IdxReader.check(cut, lab));
        assertTrue(e.getMessage().startsWith(cut + ": truncated or inconsistent"), e.getMessage());
    }
}
