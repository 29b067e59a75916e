package org.modnas.spark.report;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;

/**
 * The command-line plumbing the report commands share: picocli parsing, {@code --help}
 * (exit 0), usage errors (exit 2, with the usage), and a bad run folder, which the commands signal
 * with {@link IllegalArgumentException}, also exit 2 with its message; any other failure exits 1.
 */
final class Commands {
    private Commands() {
    }

    static int execute(String name, Object command, List<String> args, PrintStream out, PrintStream err) {
        CommandLine cli = new CommandLine(command)
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .setExecutionExceptionHandler((e, line, parsed) -> {
                    if (e instanceof IllegalArgumentException) {
                        err.println(name + ": " + e.getMessage());
                        return 2;
                    }
                    err.println(name + " failed: " + e);
                    return 1;
                });
        int status = cli.execute(args.toArray(new String[0]));
        out.flush();
        err.flush();
        return status;
    }
}
