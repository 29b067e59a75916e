package org.modnas.models.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DataSetsTest {
    private static Config data(String overrides) {
        return ConfigFactory.parseString(overrides).withFallback(ConfigFactory.defaultReference().getConfig("data")).resolve();
    }

    @Test
    void trainPortionSplitsTheTrainingSetWithoutOverlap() {
        DataSplits s = DataSets.load(data("dataset { type = Synthetic, n_train = 100, n_test = 20 }, train_portion = 0.7"));
        assertEquals(70, s.train().size());
        assertEquals(30, s.valid().size());
        assertEquals(20, s.test().size());
    }

    @Test
    void limitsCapEachSplitAndPortionOneValidatesOnTest() {
        DataSplits s = DataSets.load(data("dataset { type = Synthetic, n_train = 100, n_test = 20 }, train_portion = 1, "
                + "limit_train = 10, limit_test = 5"));
        assertEquals(10, s.train().size());
        assertEquals(20, s.valid().size());
        assertEquals(5, s.test().size());
    }

    @Test
    void dataIsReadOncePerJvm() {
        Config c = data("dataset { type = Synthetic, n_train = 50, n_test = 10, seed = 4 }");
        DataSplits a = DataSets.load(c);
        DataSplits b = DataSets.load(c);
        assertSame(a.test(), b.test());
    }

    @Test
    void badSplitSettingsAreNamed() {
        assertEquals("data.train_portion must be in (0, 1], got 1.5", assertThrows(IllegalArgumentException.class,
                () -> DataSets.load(data("dataset { type = Synthetic }, train_portion = 1.5"))).getMessage());
        assertEquals("data.limit_train must be >= 0 (0 = all), got -1", assertThrows(IllegalArgumentException.class,
                () -> DataSets.load(data("dataset { type = Synthetic }, limit_train = -1"))).getMessage());
    }

    @Test
    void missingFashionMnistSaysHowToGetIt() {
        DataException e = assertThrows(DataException.class,
                () -> DataSets.load(data("dataset { type = FashionMNIST, root = /nonexistent/fm, fetch = false }")));
        assertTrue(e.getMessage().startsWith("FashionMNIST: /nonexistent/fm/train-images-idx3-ubyte.gz not found (no folder /nonexistent/fm); "
                + "Fashion-MNIST is installed by the Debian package dataset-fashion-mnist"), e.getMessage());
        e = assertThrows(DataException.class, () -> DataSets.load(data("dataset { type = CIFAR10 }")));
        assertEquals("data.dataset.root is required for CIFAR10: the folder holding its files", e.getMessage());
    }

    @Test
    void batchesAreSeededNormalisedAndCoverTheEpoch() {
        ImageDataset d = SyntheticDataset.generate("s", 1, 50, 1, 8, 8, 3, 0.2);
        float[][] stats = d.channelStats();
        BatchLoader a = new BatchLoader(d, 16, true, false, false, stats[0], stats[1], 9);
        BatchLoader b = new BatchLoader(d, 16, true, false, false, stats[0], stats[1], 9);
        assertEquals(4, a.batchesPerEpoch());
        Iterator<Batch> ia = a.epoch(0);
        Iterator<Batch> ib = b.epoch(0);
        Set<Integer> seenLabels = new HashSet<>();
        double sum = 0;
        double sq = 0;
        int count = 0;
        int images = 0;
        while (ia.hasNext()) {
            Batch x = ia.next();
            Batch y = ib.next();
            assertArrayEquals(x.images(), y.images());
            assertArrayEquals(x.labels(), y.labels());
            images += x.size();
            for (int l : x.labels()) {
                seenLabels.add(l);
            }
            for (float v : x.images()) {
                sum += v;
                sq += v * v;
                count++;
            }
        }
        assertEquals(50, images);
        assertEquals(3, seenLabels.size());
        assertEquals(0, sum / count, 1e-3);
        assertEquals(1, sq / count, 1e-2);
        assertTrue(!java.util.Arrays.equals(a.epoch(0).next().labels(), a.epoch(1).next().labels()),
                "each epoch has its own order");
        assertArrayEquals(a.epoch(1).next().labels(), b.epoch(1).next().labels());
    }

    @Test
    void augmentationShiftsAndFlipsButKeepsShapeAndLabels() {
        ImageDataset d = SyntheticDataset.generate("s", 2, 8, 3, 32, 32, 2, 0.1);
        BatchLoader plain = new BatchLoader(d, 8, false, false, false, null, null, 1);
        BatchLoader aug = new BatchLoader(d, 8, false, true, false, null, null, 1);
        Batch p = plain.epoch(0).next();
        Batch q = aug.epoch(0).next();
        assertEquals(p.images().length, q.images().length);
        assertArrayEquals(p.labels(), q.labels());
        assertTrue(!java.util.Arrays.equals(p.images(), q.images()), "augmentation changes pixels");
        assertEquals("batch size must be positive, got 0",
                assertThrows(IllegalArgumentException.class, () -> new BatchLoader(d, 0, false, false, false, null, null, 1)).getMessage());
    }

    @Test
    void theCheckNamesAMissingFolderWithoutFetchingAndPassesRealFashionMnist(@org.junit.jupiter.api.io.TempDir
                                                                               java.nio.file.Path tmp) {
        java.nio.file.Path missing = tmp.resolve("nothing-here");
        DataException e = org.junit.jupiter.api.Assertions.assertThrows(DataException.class,
                () -> DataSets.check(data("dataset { type = FashionMNIST, root = \"" + missing + "\", fetch = false }")));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().startsWith("FashionMNIST: " + missing.resolve(
                "train-images-idx3-ubyte.gz") + " not found (no folder " + missing + ")"), e.getMessage());
        org.junit.jupiter.api.Assertions.assertFalse(java.nio.file.Files.exists(missing));
        DataSets.check(data("dataset { type = FashionMNIST, fetch = false }")); // the Debian package's files
    }
}
