package org.modnas.models.data;

import org.modnas.core.registry.Kind;

/**
 * Where a data set comes from (configured at {@code data.dataset}): its training and test images.
 * Implementations read files once; {@link DataSets} caches what they return for the JVM's lifetime.
 */
public interface DataSource {
    /** The registry kind of data sources. */
    Kind<DataSource> KIND = Kind.of("dataset", DataSource.class);

    /** A key naming exactly what is read (type and location), for the per-JVM cache. */
    String cacheKey();

    ImageDataset train();

    ImageDataset test();
}
