/** The {@code spark} benchmark: the distributed loop's overhead and its no-op throughput. */
package org.modnas.spark.bench;
