package com.example.nas;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.File;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.modnas.spark.driver.SearchSessions;
import org.modnas.spark.driver.SparkSearch;

/**
 * The other way in: a Java application that owns its Spark session, runs a search through the
 * library and queries the candidates table it returns. Submit it with {@code spark-submit}; its
 * jar names its libraries in its manifest, and the search ships them to the executors.
 *
 * <pre>{@code
 * spark-submit --master spark://host:7077 --class com.example.nas.SearchApp \
 *     target/custom-model-1.0.jar conf/stripes.conf [key=value ...]
 * }</pre>
 */
public final class SearchApp {
    private SearchApp() {
    }

    public static void main(String[] args) {
        if (args.length < 1) {
            System.err.println("usage: SearchApp <config> [key=value ...]");
            System.exit(2);
        }
        Config config = ConfigFactory.parseFile(new File(args[0]));
        for (int i = args.length - 1; i >= 1; i--) {
            config = ConfigFactory.parseString(args[i]).withFallback(config);
        }
        // Kryo with the project's registrator, the master spark-submit was given
        SparkSession spark = SparkSession.builder()
                .config(SearchSessions.kryo(new org.apache.spark.SparkConf()))
                .appName("stripes search")
                .getOrCreate();
        try {
            Dataset<Row> candidates = SparkSearch.run(spark, config);
            candidates.createOrReplaceTempView("candidates");
            spark.sql("SELECT candidate_id, status, round(score, 4) AS score, round(accuracy, 4) AS accuracy, params, macs, "
                    + "executor_id FROM candidates ORDER BY score DESC").show(5, false);
            long ok = spark.sql("SELECT count(*) FROM candidates WHERE status = 'OK'").first().getLong(0);
            System.out.println("candidates OK: " + ok);
        } finally {
            spark.stop();
        }
    }
}
