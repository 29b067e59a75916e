/**
 * The candidates table: its schema, the driver-side row, the batched atomic Parquet
 * appender, and reading it back (deduplicated) for resume and for users.
 */
package org.modnas.spark.table;
