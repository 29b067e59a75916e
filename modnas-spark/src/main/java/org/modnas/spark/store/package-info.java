/**
 * Run folders on every file system Hadoop's client reaches ({@code hdfs://}, {@code s3a://},
 * {@code abfs://}, {@code gs://}, ...), for the driver and the executors alike.
 */
package org.modnas.spark.store;
