package org.modnas.spark.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modnas.spark.SparkTestSessions;
import org.modnas.spark.table.CandidateRow;
import org.modnas.spark.table.CandidatesSchema;
import org.modnas.spark.table.CandidatesTable;
import org.modnas.spark.table.TableFiles;

/** The table's files read without Spark give exactly the rows Spark reads, every column, in every file. */
class TableFilesTest {
    @Test
    void theDirectReaderGivesTheRowsSparkGives(@TempDir Path dir) throws Exception {
        RunFixture.mixedRun(dir);
        org.apache.hadoop.fs.Path folder = new org.apache.hadoop.fs.Path(dir.resolve("candidates").toUri());
        assertEquals(3, TableFiles.files(folder, new Configuration()).size(), "11 rows in batches of 4");
        List<CandidateRow> direct = new ArrayList<>(TableFiles.readAll(folder, new Configuration()));
        SparkSession spark = SparkTestSessions.local2();
        List<CandidateRow> viaSpark = new ArrayList<>();
        try {
            for (Row r : CandidatesTable.withOrderedMaps(spark.read().schema(CandidatesSchema.SPARK).parquet(folder.toString()))
                    .collectAsList()) {
                viaSpark.add(CandidatesSchema.row(CandidatesTable.values(r)));
            }
        } finally {
            spark.stop();
        }
        Comparator<CandidateRow> order = Comparator.comparingLong(CandidateRow::seq)
                .thenComparing(r -> r.attempt() == null ? 0 : r.attempt());
        direct.sort(order);
        viaSpark.sort(order);
        assertEquals(11, direct.size());
        assertEquals(viaSpark.size(), direct.size());
        for (int i = 0; i < direct.size(); i++) {
            assertEquals(viaSpark.get(i), direct.get(i), "row " + i);
        }
    }
}
