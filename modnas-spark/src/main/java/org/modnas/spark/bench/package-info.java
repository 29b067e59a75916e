/** The {@code spark} benchmark of SPEC §10: the distributed loop's overhead and its no-op throughput. */
package org.modnas.spark.bench;
