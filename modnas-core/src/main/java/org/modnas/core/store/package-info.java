/**
 * Where a run's files live: a {@link org.modnas.core.store.Location} is a local path or a URI of any
 * file system a {@link org.modnas.core.store.FileStore} reaches, and every file a run reads or writes
 * goes through it. Local folders are served here; other schemes ({@code hdfs://}, {@code s3a://},
 * ...) by providers on the class path.
 */
package org.modnas.core.store;
