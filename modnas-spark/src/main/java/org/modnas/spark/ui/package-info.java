/**
 * The dashboard: a small read-only HTTP server over a folder of runs (or one run), a JSON API that
 * serves each view, and the static page that draws them. It reads the run folders' own files (the
 * table's Parquet files, the resolved config, the lease), so a finished run, a running one and one
 * written by another machine look the same.
 */
package org.modnas.spark.ui;
