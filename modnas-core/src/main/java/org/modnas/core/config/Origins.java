package org.modnas.core.config;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigValue;
import java.util.regex.Pattern;

/** Where a config value was written, as messages show it: {@code file:line} or {@code command line: 'k=v'}. */
final class Origins {
    /** Description prefix of values given as command-line overrides. */
    static final String COMMAND_LINE = "command line: ";
    private static final Pattern LINE_SUFFIX = Pattern.compile(": \\d+(-\\d+)?$");

    private Origins() {
    }

    static boolean isCommandLine(ConfigOrigin o) {
        return o != null && o.filename() == null && o.resource() == null && o.description().startsWith(COMMAND_LINE);
    }

    /** {@code conf/x.conf:12}, {@code reference.conf:3}, {@code command line: 'a.b=3'}. */
    static String where(ConfigOrigin o) {
        if (o == null) {
            return "config";
        }
        if (isCommandLine(o)) {
            return LINE_SUFFIX.matcher(o.description()).replaceFirst("");
        }
        String line = o.lineNumber() >= 0 ? ":" + o.lineNumber() : "";
        if (o.resource() != null) {
            return o.resource() + line;
        }
        if (o.filename() != null) {
            return o.filename() + line;
        }
        return o.description();
    }

    /**
     * The most precise origin of a value: its own when it names a file or the command line, otherwise
     * (an object merged from several places) the first such origin among its children.
     */
    static ConfigOrigin of(ConfigValue v) {
        ConfigOrigin o = v.origin();
        if (isSingle(o) || !(v instanceof ConfigObject obj)) {
            return o;
        }
        ConfigOrigin best = null;
        try {
            for (ConfigValue child : obj.values()) {
                ConfigOrigin c = of(child);
                if (isSingle(c) && (best == null || compareInFile(c, best) < 0)) {
                    best = c;
                }
            }
        } catch (ConfigException.NotResolved e) {
            return o;
        }
        return best == null ? o : best;
    }

    private static boolean isSingle(ConfigOrigin o) {
        return o != null && (o.filename() != null || o.resource() != null || isCommandLine(o));
    }

    private static int compareInFile(ConfigOrigin a, ConfigOrigin b) {
        int c = Boolean.compare(isCommandLine(a), isCommandLine(b));
        return c != 0 ? c : Integer.compare(a.lineNumber(), b.lineNumber());
    }
}
