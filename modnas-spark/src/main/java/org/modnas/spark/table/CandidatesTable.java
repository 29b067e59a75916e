package org.modnas.spark.table;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The candidates table: one Parquet folder ({@code <output>/<run_id>/candidates/}),
 * one file per flushed batch, readable by any Spark session without the project's classes. This
 * class owns the schema (as Parquet and as Spark types, kept side by side so they cannot drift)
 * and reading the table back with at most one row per candidate.
 *
 * <p>Columns always filled: run_id, candidate_id, seq, generation, optimizer, arch_desc, arch,
 * status, executor_id, host, attempt, started_at, finished_at, seed, config_hash, version. Filled when
 * status is OK: score and the metrics the estimator measures (accuracy, loss, params, macs,
 * latency_ms, train_seconds, epochs; {@code metrics} holds every metric returned). error: when not
 * OK. gpu: when Spark assigned the task a GPU. device: where the candidate trained ({@code cpu} or
 * {@code gpu:<address>}), when it got that far.
 */
public final class CandidatesTable {
    /** Name of the table folder inside the run folder. */
    public static final String FOLDER = "candidates";

    /** The Parquet schema the appender writes. */
    public static final MessageType PARQUET_SCHEMA = MessageTypeParser.parseMessageType("""
            message candidate {
              required binary run_id (STRING);
              required binary candidate_id (STRING);
              required int64 seq;
              required int32 generation;
              optional binary optimizer (STRING);
              required binary arch_desc (STRING);
              optional group arch (MAP) {
                repeated group key_value {
                  required binary key (STRING);
                  optional binary value (STRING);
                }
              }
              required binary status (STRING);
              optional double score;
              optional double accuracy;
              optional double loss;
              optional int64 params;
              optional int64 macs;
              optional double latency_ms;
              optional double train_seconds;
              optional int32 epochs;
              optional group metrics (MAP) {
                repeated group key_value {
                  required binary key (STRING);
                  optional double value;
                }
              }
              optional binary executor_id (STRING);
              optional binary host (STRING);
              optional binary gpu (STRING);
              optional binary device (STRING);
              optional int32 attempt;
              optional binary error (STRING);
              optional int64 started_at (TIMESTAMP(MICROS,true));
              optional int64 finished_at (TIMESTAMP(MICROS,true));
              required int64 seed;
              required binary config_hash (STRING);
              required binary version (STRING);
            }
            """);

    /** The same schema as Spark reads it. */
    public static final StructType SPARK_SCHEMA = new StructType(new StructField[] {
            field("run_id", DataTypes.StringType),
            field("candidate_id", DataTypes.StringType),
            field("seq", DataTypes.LongType),
            field("generation", DataTypes.IntegerType),
            field("optimizer", DataTypes.StringType),
            field("arch_desc", DataTypes.StringType),
            field("arch", DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType, true)),
            field("status", DataTypes.StringType),
            field("score", DataTypes.DoubleType),
            field("accuracy", DataTypes.DoubleType),
            field("loss", DataTypes.DoubleType),
            field("params", DataTypes.LongType),
            field("macs", DataTypes.LongType),
            field("latency_ms", DataTypes.DoubleType),
            field("train_seconds", DataTypes.DoubleType),
            field("epochs", DataTypes.IntegerType),
            field("metrics", DataTypes.createMapType(DataTypes.StringType, DataTypes.DoubleType, true)),
            field("executor_id", DataTypes.StringType),
            field("host", DataTypes.StringType),
            field("gpu", DataTypes.StringType),
            field("device", DataTypes.StringType),
            field("attempt", DataTypes.IntegerType),
            field("error", DataTypes.StringType),
            field("started_at", DataTypes.TimestampType),
            field("finished_at", DataTypes.TimestampType),
            field("seed", DataTypes.LongType),
            field("config_hash", DataTypes.StringType),
            field("version", DataTypes.StringType),
    });

    private CandidatesTable() {
    }

    private static StructField field(String name, org.apache.spark.sql.types.DataType type) {
        return DataTypes.createStructField(name, type, true);
    }

    /** True when the folder holds at least one finished Parquet file. */
    public static boolean exists(Path folder, Configuration hadoop) throws IOException {
        FileSystem fs = folder.getFileSystem(hadoop);
        if (!fs.exists(folder)) {
            return false;
        }
        for (FileStatus s : fs.listStatus(folder)) {
            String n = s.getPath().getName();
            if (n.endsWith(".parquet") && !n.startsWith(".") && !n.startsWith("_")) {
                return true;
            }
        }
        return false;
    }

    /**
     * The table at {@code folder} with one row per candidate: should a candidate appear twice, the
     * OK row wins, then the earliest finished. An absent or empty folder gives an empty table.
     */
    public static Dataset<Row> read(SparkSession spark, String folder) {
        try {
            if (!exists(new Path(folder), spark.sparkContext().hadoopConfiguration())) {
                return spark.createDataFrame(new ArrayList<Row>(), SPARK_SCHEMA);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list the candidates table at " + folder + ": " + e.getMessage(), e);
        }
        Dataset<Row> raw = spark.read().schema(SPARK_SCHEMA).parquet(folder);
        Column okFirst = functions.when(functions.col("status").equalTo("OK"), 0).otherwise(1);
        return raw.withColumn("_rank", functions.row_number().over(
                        Window.partitionBy("candidate_id").orderBy(okFirst, functions.col("finished_at"), functions.col("seq"))))
                .where(functions.col("_rank").equalTo(1))
                .drop("_rank")
                .orderBy("seq");
    }

    /** The column names, in order. */
    public static List<String> columns() {
        return List.of(SPARK_SCHEMA.fieldNames());
    }
}
