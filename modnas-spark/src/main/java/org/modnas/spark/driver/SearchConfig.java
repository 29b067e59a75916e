package org.modnas.spark.driver;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValueFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads a search config for the command line (SPEC §4): a HOCON file, {@code key=value}
 * overrides on top, the reference defaults underneath, resolved. A value that is not valid HOCON
 * (such as {@code local[2]}) is taken as a string. Errors are {@link IllegalArgumentException}s
 * naming the file, line or override.
 */
public final class SearchConfig {
    private SearchConfig() {
    }

    public static Config load(Path file, List<String> overrides) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("config file not found: " + file);
        }
        Config base;
        try {
            base = ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
        } catch (ConfigException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        Config over = ConfigFactory.empty();
        for (String kv : overrides) {
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("override '" + kv + "' is not key=value");
            }
            String key = kv.substring(0, eq).trim();
            String value = kv.substring(eq + 1).trim();
            Config one;
            try {
                one = ConfigFactory.parseString(key + " = " + value,
                        ConfigParseOptions.defaults().setOriginDescription("override " + kv));
            } catch (ConfigException e) {
                try {
                    one = ConfigFactory.empty().withValue(key, ConfigValueFactory.fromAnyRef(value, "override " + kv));
                } catch (ConfigException bad) {
                    throw new IllegalArgumentException("override '" + kv + "': " + bad.getMessage(), bad);
                }
            }
            over = one.withFallback(over);
        }
        if (!over.hasPath("run.id") && !base.hasPath("run.id")) {
            String name = file.getFileName().toString().replaceFirst("\\.[^.]*$", "");
            over = over.withValue("run.id", ConfigValueFactory.fromAnyRef(name.replaceAll("[^A-Za-z0-9._-]", "_")));
        }
        try {
            return over.withFallback(base).withFallback(ConfigFactory.defaultReference()).resolve();
        } catch (ConfigException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
