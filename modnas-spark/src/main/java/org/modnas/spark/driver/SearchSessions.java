package org.modnas.spark.driver;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.modnas.spark.executor.ModnasKryoRegistrator;

/**
 * Creates the Spark session of a search started from the command line: the
 * master from {@code spark.master}, else the one {@code spark-submit} gave, else {@code local[*]};
 * Kryo with registration required and the project's registrator; and every {@code spark.conf} entry.
 */
public final class SearchSessions {
    private SearchSessions() {
    }

    /** The SparkConf for a search config (resolved, with reference defaults). */
    public static SparkConf conf(Config config) {
        SparkConf conf = new SparkConf(); // picks up spark.* system properties set by spark-submit
        String master = config.getString("spark.master");
        if (!master.isEmpty()) {
            conf.setMaster(master);
        } else if (!conf.contains("spark.master")) {
            conf.setMaster("local[*]");
        }
        conf.setIfMissing("spark.app.name", config.getString("spark.app_name"));
        kryo(conf);
        for (Map.Entry<String, ConfigValue> e : config.getConfig("spark.conf").entrySet()) {
            conf.set(String.join(".", ConfigUtil.splitPath(e.getKey())), String.valueOf(e.getValue().unwrapped()));
        }
        return conf;
    }

    /** Sets Kryo with registration required and adds the project's registrator. */
    public static SparkConf kryo(SparkConf conf) {
        conf.set("spark.serializer", "org.apache.spark.serializer.KryoSerializer");
        conf.set("spark.kryo.registrationRequired", "true");
        String mine = ModnasKryoRegistrator.class.getName();
        String given = conf.get("spark.kryo.registrator", "");
        if (!given.contains(mine)) {
            conf.set("spark.kryo.registrator", given.isEmpty() ? mine : given + "," + mine);
        }
        return conf;
    }

    /** A session for the config: the active one is reused when it exists. */
    public static SparkSession create(Config config) {
        return SparkSession.builder().config(conf(config)).getOrCreate();
    }
}
