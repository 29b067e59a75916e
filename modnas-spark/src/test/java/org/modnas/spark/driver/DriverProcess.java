package org.modnas.spark.driver;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A search driver in a JVM of its own, as {@code spark-submit} would start it, so a test can kill it. */
final class DriverProcess {
    private DriverProcess() {
    }

    /** Starts {@code SparkSubmitMain} on {@code conf} with this JVM's class path and module flags; output goes to {@code out}. */
    static Process start(Path conf, Path out) throws java.io.IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("--add-") || arg.startsWith("-XX:+Ignore") || arg.startsWith("-Djdk.reflect")
                    || arg.startsWith("-Dio.netty")) {
                cmd.add(arg);
            }
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "org.modnas.spark.cli.SparkSubmitMain", conf.toString()));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    }
}
