package org.modnas.models.data;

import com.typesafe.config.Config;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.modnas.core.registry.Registry;
import org.modnas.core.util.Rng;

/**
 * The one entry point to data: builds the configured {@link DataSource}, reads it once per
 * JVM (every candidate and every Spark task in an executor shares the arrays), and splits the
 * training set into train/valid by {@code train_portion}, as the original's data provider does:
 * a seeded shuffle of the training indices, the first part for training, the rest for validation.
 */
public final class DataSets {
    private static final Map<String, ImageDataset[]> CACHE = new ConcurrentHashMap<>();

    private DataSets() {
    }

    /** Reads (or takes from the cache) and splits the data of a {@code data} config section. */
    public static DataSplits load(Config data) {
        DataSource source = Registry.global().build(DataSource.KIND, data.getConfig("dataset"), Map.of());
        ImageDataset[] raw = CACHE.computeIfAbsent(source.cacheKey(), k -> new ImageDataset[] {source.train(), source.test()});
        return split(raw[0], raw[1], data);
    }

    /**
     * Checks the data of a {@code data} section without reading it (file headers and sizes; see
     * {@link DataSource#check}), as the driver does before a search starts.
     *
     * @throws DataException naming the file
     */
    public static void check(Config data) {
        Registry.global().build(DataSource.KIND, data.getConfig("dataset"), Map.of()).check();
    }

    /** Splits already loaded sets per the {@code data} section's portion, seed and limits. */
    public static DataSplits split(ImageDataset trainSet, ImageDataset testSet, Config data) {
        double portion = data.getDouble("train_portion");
        if (!(portion > 0 && portion <= 1)) {
            throw new IllegalArgumentException("data.train_portion must be in (0, 1], got " + portion);
        }
        int n = trainSet.size();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Rng rng = new Rng(data.getLong("seed"));
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int nTrain = portion >= 1 ? n : (int) Math.floor(portion * n);
        int[] tr = java.util.Arrays.copyOfRange(order, 0, nTrain);
        int[] va = java.util.Arrays.copyOfRange(order, nTrain, n);
        ImageDataset train = trainSet.subset(tr, trainSet.name() + "/train").limit(nonNegative(data, "limit_train"));
        // with train_portion = 1 there is no separate validation split: validate on the test set
        ImageDataset valid = va.length == 0 ? testSet : trainSet.subset(va, trainSet.name() + "/valid");
        valid = valid.limit(nonNegative(data, "limit_valid"));
        ImageDataset test = testSet.limit(nonNegative(data, "limit_test"));
        return new DataSplits(train, valid, test);
    }

    private static int nonNegative(Config data, String key) {
        int v = data.getInt(key);
        if (v < 0) {
            throw new IllegalArgumentException("data." + key + " must be >= 0 (0 = all), got " + v);
        }
        return v;
    }

    /** Forgets every cached data set (tests). */
    public static void clearCache() {
        CACHE.clear();
    }
}
