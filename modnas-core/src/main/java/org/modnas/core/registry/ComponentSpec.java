package org.modnas.core.registry;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One registered component: its kind, name, accepted aliases, the defaults of every argument it
 * accepts (a config object; config validation rejects keys not listed here), the ranges its numeric
 * arguments must lie in (validation refuses a value outside), a one-line description and the factory.
 */
public record ComponentSpec<T>(Kind<T> kind, String name, List<String> aliases, Config defaults,
                               Map<String, ValueRange> ranges, String description, ComponentFactory<? extends T> factory) {
    public ComponentSpec {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        aliases = List.copyOf(aliases);
        defaults = defaults == null ? ConfigFactory.empty() : defaults;
        ranges = Map.copyOf(ranges);
        description = description == null ? "" : description;
        Objects.requireNonNull(factory, "factory");
        for (String key : ranges.keySet()) {
            if (!defaults.hasPath(key)) {
                throw new IllegalArgumentException(name + ": a range is given for '" + key + "', which has no default");
            }
        }
    }

    /** Starts a spec; finish with {@link Builder#factory(ComponentFactory)}. */
    public static <T> Builder<T> builder(Kind<T> kind, String name) {
        return new Builder<>(kind, name);
    }

    /** Builder for {@link ComponentSpec}. */
    public static final class Builder<T> {
        private final Kind<T> kind;
        private final String name;
        private List<String> aliases = List.of();
        private Config defaults = ConfigFactory.empty();
        private final Map<String, ValueRange> ranges = new LinkedHashMap<>();
        private String description = "";

        private Builder(Kind<T> kind, String name) {
            this.kind = kind;
            this.name = name;
        }

        public Builder<T> aliases(String... names) {
            this.aliases = List.of(names);
            return this;
        }

        /** Argument defaults as HOCON text, e.g. {@code "population_size = 100, sample_size = 25"}. */
        public Builder<T> defaults(String hocon) {
            this.defaults = ConfigFactory.parseString(hocon,
                    com.typesafe.config.ConfigParseOptions.defaults().setOriginDescription("defaults of " + name));
            return this;
        }

        public Builder<T> defaults(Config config) {
            this.defaults = config;
            return this;
        }

        /**
         * The ranges of numeric arguments as pairs of key and range text, e.g.
         * {@code ranges("population_size", ">= 1", "mutation_prob", "[0, 1]")} ({@link ValueRange#parse}).
         */
        public Builder<T> ranges(String... keyAndRange) {
            if (keyAndRange.length % 2 != 0) {
                throw new IllegalArgumentException("ranges come in pairs of key and range");
            }
            for (int i = 0; i < keyAndRange.length; i += 2) {
                ranges.put(keyAndRange[i], ValueRange.parse(keyAndRange[i + 1]));
            }
            return this;
        }

        public Builder<T> description(String text) {
            this.description = text;
            return this;
        }

        public ComponentSpec<T> factory(ComponentFactory<? extends T> factory) {
            return new ComponentSpec<>(kind, name, aliases, defaults, ranges, description, factory);
        }
    }
}
