package org.modnas.spark;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.apache.spark.sql.SparkSession;
import org.modnas.spark.driver.SearchSessions;

/** The local Spark session of a test class, configured as the command line would (Kryo required). */
public final class SparkTestSessions {
    private SparkTestSessions() {
    }

    public static SparkSession local2() {
        Config c = ConfigFactory.parseString("spark.master = \"local[2]\"\n"
                        + "spark.conf { \"spark.ui.enabled\" = false, \"spark.sql.shuffle.partitions\" = 2 }")
                .withFallback(ConfigFactory.defaultReference()).resolve();
        return SearchSessions.create(c);
    }
}
