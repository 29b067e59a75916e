package org.modnas.models.data;

import org.modnas.core.registry.Kind;

/**
 * Where a data set comes from (configured at {@code data.dataset}): its training and test images.
 * Implementations read files once; {@link DataSets} caches what they return for the JVM's lifetime.
 */
public interface DataSource {
    /** The registry kind of data sources. */
    Kind<DataSource> KIND = Kind.of("dataset", DataSource.class);

    /**
     * Checks, without reading the data, that its files exist and their headers and sizes are
     * consistent: what a driver verifies before any task starts.
     *
     * @throws DataException naming the file and what is wrong
     */
    void check();

    /** A key naming exactly what is read (type and location), for the per-JVM cache. */
    String cacheKey();

    ImageDataset train();

    ImageDataset test();
}
