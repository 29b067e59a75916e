package org.modnas.core.config;

import java.util.List;

/**
 * Everything wrong with a config, found in one pass. Each problem is one line that
 * names where it is ({@code conf/x.conf:12:} or {@code command line: 'key=value':}) and the key; the
 * message is those lines. The command line maps this exception to exit status 2.
 */
public final class ConfigError extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final List<String> problems;

    public ConfigError(List<String> problems) {
        super(String.join("\n", problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a config error needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    public ConfigError(String problem) {
        this(List.of(problem));
    }

    /** The problems, one line each, ordered by file and line. */
    public List<String> problems() {
        return problems;
    }
}
