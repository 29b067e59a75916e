package org.modnas.spark.cli;

import java.util.List;

/**
 * The main class for plain {@code spark-submit --class org.modnas.spark.cli.SparkSubmitMain app.jar
 * <config> [key=value ...]}: the {@code search} command with the master spark-submit gave.
 */
public final class SparkSubmitMain {
    private SparkSubmitMain() {
    }

    public static void main(String[] args) {
        int status = SearchCommand.run(List.of(args), System.out, System.err);
        if (status != 0) {
            System.exit(status);
        }
    }
}
