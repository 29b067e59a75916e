package org.modnas.spark.driver;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.SparkSession;
import org.modnas.core.config.LoadedConfig;
import org.modnas.core.registry.UserJars;
import org.modnas.spark.executor.ModnasKryoRegistrator;

/**
 * Creates the Spark session of a search started from the command line. The master is, first to
 * last: {@code spark.master} given as a command-line override, the master {@code spark-submit} was
 * given ({@code modnas-submit --master}), the config file's {@code spark.master}, {@code local[*]}.
 * It is checked before the session starts: a malformed URL, a {@code spark://} master that does not
 * accept a connection within {@code spark.master_timeout_s}, and GPU resources asked of a local
 * master (which Spark cannot hand out: it waits forever) are refused. The session uses Kryo with
 * registration required and the project's registrator, and every {@code spark.conf} entry.
 */
public final class SearchSessions {
    private static final Pattern LOCAL = Pattern.compile("local(\\[(\\*|[1-9]\\d*)(,\\s*[1-9]\\d*)?])?");
    private static final Pattern LOCAL_CLUSTER = Pattern.compile("local-cluster\\[\\s*[1-9]\\d*\\s*,\\s*[1-9]\\d*\\s*,\\s*[1-9]\\d*\\s*]");
    private static final Pattern STANDALONE = Pattern.compile("spark://[^\\s/:,]+(:\\d{1,5})?(,[^\\s/:,]+(:\\d{1,5})?)*");

    private SearchSessions() {
    }

    /** The SparkConf for a loaded search config, with the master chosen and checked as the class comment says. */
    public static SparkConf conf(LoadedConfig loaded) {
        return conf(loaded.config(), loaded.givenOnCommandLine("spark.master"));
    }

    /**
     * The SparkConf for a resolved config.
     *
     * @param masterOverride whether the config's {@code spark.master} was given on the command line
     *                       (and so wins over spark-submit's)
     */
    public static SparkConf conf(Config config, boolean masterOverride) {
        SparkConf conf = new SparkConf(); // picks up spark.* system properties set by spark-submit
        String fromConfig = config.getString("spark.master");
        String master;
        if (masterOverride && !fromConfig.isEmpty()) {
            master = fromConfig;
        } else if (conf.contains("spark.master")) {
            master = conf.get("spark.master");
        } else {
            master = fromConfig.isEmpty() ? "local[*]" : fromConfig;
        }
        conf.setMaster(master);
        conf.setIfMissing("spark.app.name", config.getString("spark.app_name"));
        kryo(conf);
        for (Map.Entry<String, ConfigValue> e : config.getConfig("spark.conf").entrySet()) {
            conf.set(String.join(".", ConfigUtil.splitPath(e.getKey())), String.valueOf(e.getValue().unwrapped()));
        }
        org.modnas.spark.store.HadoopFileStore.DEFAULTS.forEach((k, v) -> conf.setIfMissing("spark.hadoop." + k, v));
        // an executor keeps as many malloc arenas as it has cores, each with a candidate's peak (see NativeAllocator)
        conf.setIfMissing("spark.executorEnv.MALLOC_ARENA_MAX", conf.get("spark.executor.cores", "4"));
        checkMaster(conf, config.getDouble("spark.master_timeout_s"));
        ShippedJars.ship(conf, LOCAL.matcher(conf.get("spark.master").strip()).matches(), UserJars.loaded());
        return conf;
    }

    /**
     * Refuses a master URL Spark would not understand, a {@code spark://} master that does not
     * answer, and GPU resources with a local master.
     *
     * @throws IllegalArgumentException naming the master and what is wrong
     */
    static void checkMaster(SparkConf conf, double timeoutSeconds) {
        String master = conf.get("spark.master").strip();
        boolean local = LOCAL.matcher(master).matches();
        if (!local && !LOCAL_CLUSTER.matcher(master).matches() && !STANDALONE.matcher(master).matches()
                && !master.equals("yarn") && !master.startsWith("k8s://")) {
            throw new IllegalArgumentException("spark.master = '" + master + "' is not a Spark master URL: use local, "
                    + "local[N] or local[*], local-cluster[workers,cores,memoryMB], spark://host:port, yarn or "
                    + "k8s://https://host:port");
        }
        checkClusterSupport(master);
        if (local) {
            List<String> gpu = new ArrayList<>();
            for (scala.Tuple2<String, String> kv : conf.getAll()) {
                if (kv._1().matches("spark\\.(executor|task)\\.resource\\.gpu\\..*")) {
                    gpu.add(kv._1() + "=" + kv._2());
                }
            }
            if (!gpu.isEmpty()) {
                throw new IllegalArgumentException("spark.master = " + master + " with GPU resources (" + String.join(", ", gpu)
                        + "): a local master cannot hand out executor resources and Spark would wait forever; "
                        + "submit to a cluster (e.g. submit/local-cluster start --fake-gpus 1, then modnas-submit "
                        + "--master spark://127.0.0.1:7077 --gpus-per-executor 1), or drop the GPU options");
            }
        }
        if (master.startsWith("spark://")) {
            for (String hostPort : master.substring("spark://".length()).split(",")) {
                int colon = hostPort.lastIndexOf(':');
                String host = colon < 0 ? hostPort : hostPort.substring(0, colon);
                int port = colon < 0 ? 7077 : Integer.parseInt(hostPort.substring(colon + 1));
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress(host, port), (int) Math.max(1, timeoutSeconds * 1000));
                } catch (IOException e) {
                    throw new IllegalArgumentException("the Spark master " + master + " does not answer at " + host + ":"
                            + port + " (" + e.getMessage() + ", waited up to " + fmt(timeoutSeconds)
                            + " s, spark.master_timeout_s): is the cluster up? (submit/local-cluster status)");
                }
            }
        }
    }

    /**
     * Refuses a YARN or Kubernetes master when this JVM's Spark cannot talk to it: Spark's Maven jars
     * that the launchers use hold local and standalone support only; a cluster's own Spark
     * distribution has the rest.
     */
    private static void checkClusterSupport(String master) {
        String manager = master.equals("yarn") ? "org.apache.spark.deploy.yarn.YarnClusterManager"
                : master.startsWith("k8s://") ? "org.apache.spark.scheduler.cluster.k8s.KubernetesClusterManager" : null;
        if (manager == null) {
            return;
        }
        try {
            Class.forName(manager, false, SearchSessions.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("spark.master = " + master + ": the Spark on this class path has no "
                    + (master.equals("yarn") ? "YARN" : "Kubernetes") + " support (the project's own Spark jars run local "
                    + "and standalone masters only). Submit through your cluster's Spark distribution: "
                    + "SPARK_HOME=/path/to/spark submit/modnas-submit <config> --master " + master);
        }
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
    public static SparkSession create(LoadedConfig config) {
        return SparkSession.builder().config(conf(config)).getOrCreate();
    }

    /** A session for a resolved config whose {@code spark.master}, when set, is the one to use. */
    public static SparkSession create(Config config) {
        return SparkSession.builder().config(conf(config, true)).getOrCreate();
    }

    /**
     * Waits until a cluster master has registered at least one executor (at once for local
     * masters, whose driver runs the tasks).
     *
     * @param seconds how long to wait; 0 = forever
     * @throws IllegalStateException naming the master and the likely causes when none registers in time
     */
    static void awaitExecutors(SparkContext sc, double seconds, PrintStream out) {
        String master = sc.master();
        if (LOCAL.matcher(master).matches()) {
            return;
        }
        long deadline = seconds > 0 ? System.nanoTime() + (long) (seconds * 1e9) : Long.MAX_VALUE;
        long nextNote = System.nanoTime() + 10_000_000_000L;
        while (executors(sc) == 0) {
            if (System.nanoTime() - deadline >= 0) {
                throw new IllegalStateException("no executor of " + master + " registered within " + fmt(seconds)
                        + " s (spark.executor_wait_s), so no candidate can run. Likely causes: the cluster has no live "
                        + "Workers; no Worker has the free cores or memory one executor asks for (spark.executor.cores = "
                        + sc.getConf().get("spark.executor.cores", "all of a Worker's") + ", spark.executor.memory = "
                        + sc.getConf().get("spark.executor.memory", "1g") + ")" + gpuCause(sc.getConf())
                        + "; or another application holds the cores. The Master's web UI and the Workers' logs tell which.");
            }
            if (System.nanoTime() - nextNote >= 0) {
                out.println("waiting for an executor of " + master + " to register ...");
                nextNote = System.nanoTime() + 10_000_000_000L;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for executors of " + master, e);
            }
        }
    }

    private static String gpuCause(SparkConf conf) {
        String amount = conf.get("spark.executor.resource.gpu.amount", "");
        return amount.isEmpty() ? "" : "; no Worker offers the " + amount + " GPU(s) an executor asks for "
                + "(spark.executor.resource.gpu.amount; Workers offer GPUs through spark.worker.resource.gpu.amount "
                + "and a discovery script)";
    }

    /** Executors registered with the driver, the driver itself not counted. */
    static int executors(SparkContext sc) {
        return Math.max(0, sc.statusTracker().getExecutorInfos().length - 1);
    }

    private static String fmt(double seconds) {
        return seconds == Math.rint(seconds) ? String.valueOf((long) seconds) : String.format(Locale.ROOT, "%.1f", seconds);
    }
}
