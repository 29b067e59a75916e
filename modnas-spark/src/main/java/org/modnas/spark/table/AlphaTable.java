package org.modnas.spark.table;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.modnas.core.estim.AlphaRecord;
import org.modnas.core.estim.StageEpoch;

/**
 * The α history of a gradient search: one Parquet row per (stage, epoch, mixed op, candidate) with
 * α and its probability within the op, under {@code <run>/alphas/stage=<stage>/}. Plain Spark reads
 * it without this project's jars: {@code spark.read.parquet("runs/darts/alphas")}.
 */
public final class AlphaTable {
    /** The table's folder in the run folder. */
    public static final String FOLDER = "alphas";

    /** The columns besides the {@code stage} partition. */
    public static final StructType SCHEMA = new StructType()
            .add("epoch", DataTypes.IntegerType, false)
            .add("mixed_op", DataTypes.StringType, false)
            .add("candidate", DataTypes.StringType, false)
            .add("alpha", DataTypes.DoubleType, false)
            .add("probability", DataTypes.DoubleType, false);

    private AlphaTable() {
    }

    /** Writes (replacing) the rows of {@code stage}; the rows of other stages stay. */
    public static void write(SparkSession spark, org.modnas.core.store.Location table, String stage, List<StageEpoch> epochs) {
        List<Row> rows = new ArrayList<>();
        for (StageEpoch e : epochs) {
            for (AlphaRecord a : e.alphas()) {
                rows.add(RowFactory.create(e.epoch(), a.mixedOp(), a.candidate(), a.alpha(), a.probability()));
            }
        }
        Dataset<Row> df = spark.createDataFrame(rows, SCHEMA).coalesce(1);
        df.write().mode(SaveMode.Overwrite).parquet(table.resolve("stage=" + stage).uri().toString());
    }

    /** The whole table: every stage, with its {@code stage} column. */
    public static Dataset<Row> read(SparkSession spark, org.modnas.core.store.Location table) {
        return spark.read().parquet(table.uri().toString());
    }
}
