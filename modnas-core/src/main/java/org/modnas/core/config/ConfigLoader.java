package org.modnas.core.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.modnas.core.registry.Registry;
import org.modnas.core.registry.UserJars;

/**
 * The one config reader. It reads a HOCON file ({@code include} relative to the file),
 * lays {@code key=value} command-line overrides over it, falls back to every {@code reference.conf}
 * on the class path, resolves substitutions, and validates the result against the reference config
 * and the {@link Registry}: a key the user gave must exist in the reference config or lie in a
 * component section (a registry slot such as {@code search.optim} or {@code search.estim.*}), with a
 * compatible type; a component section's {@code type} must name a registered component of the
 * slot's kind and its other keys must be that component's arguments. All problems are reported
 * together in one {@link ConfigError}, each naming the file, the line and the key.
 *
 * <p>What is valid is decided only by what is on the class path (reference configs) and in the
 * registry (slots and component specs); nothing here knows the sections of a particular module.
 * Another reader (e.g. of a different file layout) produces a {@link Config} and passes it to
 * {@link #load(Config, String, List)} for the same validation.
 */
public final class ConfigLoader {
    private static final ConfigParseOptions OVERRIDE_OPTIONS = ConfigParseOptions.defaults()
            .setSyntax(ConfigSyntax.CONF).setAllowMissing(false);

    /** The config key listing the user's own jars. */
    public static final String JARS = "jars";

    private final Registry registry;
    private final Config reference;

    /** A loader using {@link Registry#global()} and the reference configs on this class's class path. */
    public ConfigLoader() {
        this(Registry.global());
    }

    /** A loader using {@code registry} and the reference configs on this class's class path. */
    public ConfigLoader(Registry registry) {
        this(registry, referenceOf(ConfigLoader.class.getClassLoader()));
    }

    /** A loader using {@code registry} and an explicit reference config (its defaults). */
    public ConfigLoader(Registry registry, Config reference) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.reference = Objects.requireNonNull(reference, "reference");
    }

    /** Every {@code reference.conf} visible to {@code loader}, merged, unresolved (no system properties). */
    public static Config referenceOf(ClassLoader loader) {
        try {
            return ConfigFactory.parseResources(loader, "reference.conf");
        } catch (ConfigException e) {
            throw new ConfigError(describe(e));
        }
    }

    /** The reference config this loader validates against. */
    public Config reference() {
        return reference;
    }

    /** Reads {@code file} with no overrides. */
    public LoadedConfig load(Path file) {
        return load(file, List.of());
    }

    /**
     * Reads {@code file} (HOCON; JSON when it ends in {@code .json}), applies the overrides, falls back
     * to the reference config, resolves and validates.
     *
     * @param overrides {@code key=value} arguments, later ones winning; the value is parsed as HOCON
     *                  (numbers stay numbers, {@code [..]} and {@code {..}} are lists and objects) and
     *                  taken as the plain string written when it does not start like a list, object
     *                  or quoted string and is not HOCON or would lose a {@code //} or {@code #} to a
     *                  comment (so {@code spark.master=local[*]} and {@code output.dir=/a//b} work)
     * @throws ConfigError listing every problem, each naming the file and line or the argument
     */
    public LoadedConfig load(Path file, List<String> overrides) {
        String name = file.toString();
        checkReadable(file);
        List<String> files = new ArrayList<>();
        Config fromFile;
        try {
            ConfigSyntax syntax = name.toLowerCase(Locale.ROOT).endsWith(".json") ? ConfigSyntax.JSON : ConfigSyntax.CONF;
            fromFile = ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults()
                    .setSyntax(syntax).setAllowMissing(false).setIncluder(new RecordingIncluder(files)));
        } catch (ConfigException e) {
            throw new ConfigError(describe(e));
        } catch (RecordingIncluder.MissingInclude e) {
            Path near = file.toAbsolutePath().getParent().resolve(e.what).normalize();
            throw new ConfigError(name + ": include \"" + e.what + "\": no such file (looked for " + near
                    + " and for a class-path resource of that name)");
        }
        files.remove(name);
        files.add(name);
        return load(fromFile, name, overrides, files);
    }

    /**
     * Reads a config file of either layout, chosen by its extension: {@code .yml} and {@code .yaml}
     * are the original ModularNAS/Vega YAML layout, mapped by {@link VegaYamlReader}; anything else
     * is HOCON (JSON for {@code .json}) as in {@link #load(Path, List)}. Both get the same overrides
     * (in this project's keys, e.g. {@code data.dataset.root=/data/cifar10}) and validation.
     *
     * @throws ConfigError listing every problem, each naming the file and line or the argument
     */
    public LoadedConfig loadAny(Path file, List<String> overrides) {
        if (VegaYamlReader.isYaml(file)) {
            return load(new VegaYamlReader(registry).read(file), file.toString(), overrides);
        }
        return load(file, overrides);
    }

    /** Fails with a {@link ConfigError} unless {@code file} is a readable regular file. */
    static void checkReadable(Path file) {
        String name = file.toString();
        if (!Files.exists(file)) {
            throw new ConfigError(name + ": config file not found");
        }
        if (Files.isDirectory(file)) {
            throw new ConfigError(name + ": is a folder, not a config file");
        }
        if (!Files.isReadable(file)) {
            throw new ConfigError(name + ": config file cannot be read");
        }
    }

    /**
     * Validates a config that was read elsewhere, with overrides laid over it.
     *
     * @param userConfig the keys the user gave, unresolved, with origins naming where they were written
     * @param sourceName how messages and the run id name this config, e.g. its file path
     */
    public LoadedConfig load(Config userConfig, String sourceName, List<String> overrides) {
        return load(userConfig, sourceName, overrides, List.of(sourceName));
    }

    private LoadedConfig load(Config userConfig, String sourceName, List<String> overrides, List<String> fileOrder) {
        List<String> problems = new ArrayList<>();
        Config user = parseOverrides(overrides, problems).withFallback(userConfig);
        if (!problems.isEmpty()) {
            throw new ConfigError(problems);
        }
        loadUserJars(user);
        return new LoadedConfig(validate(user), sourceName, fileOrder, chainPaths());
    }

    /**
     * Loads the config's {@code jars} before validation, so the components they register are known
     * when the config names them.
     */
    private void loadUserJars(Config user) {
        if (!user.hasPathOrNull(JARS) || user.getIsNull(JARS)) {
            return;
        }
        String where = Origins.where(user.getValue(JARS).origin()) + ": " + JARS;
        List<String> jars;
        try {
            jars = user.getStringList(JARS);
        } catch (ConfigException e) {
            throw new ConfigError(where + ": expected a list of jar paths, e.g. jars = [my-model.jar]");
        }
        try {
            UserJars.load(jars, registry);
        } catch (IllegalArgumentException e) {
            throw new ConfigError(where + ": " + e.getMessage().substring("jars: ".length()));
        }
    }

    /**
     * Resolves {@code user} over the reference config and checks it.
     *
     * @return the resolved config
     * @throws ConfigError listing every problem
     */
    public Config validate(Config user) {
        Config full;
        Config ref;
        try {
            full = user.withFallback(reference).resolve();
            ref = reference.resolve(ConfigResolveOptions.defaults().setAllowUnresolved(true));
        } catch (ConfigException e) {
            throw new ConfigError(describe(e));
        }
        List<String> problems = new ConfigValidator(registry, ref, full).check(user);
        if (!problems.isEmpty()) {
            throw new ConfigError(problems);
        }
        return full;
    }

    /** The config paths of ordered chains: the registry's slots of any number of named sections ({@code search.estim.*}). */
    private List<String> chainPaths() {
        List<String> paths = new ArrayList<>();
        for (String pattern : registry.slots().keySet()) {
            if (pattern.endsWith(".*") && !pattern.substring(0, pattern.length() - 2).contains("*")) {
                paths.add(pattern.substring(0, pattern.length() - 2));
            }
        }
        return paths;
    }

    /** The overrides as one config (later arguments win); malformed ones are added to {@code problems}. */
    static Config parseOverrides(List<String> overrides, List<String> problems) {
        Config result = ConfigFactory.empty();
        for (int i = 0; i < overrides.size(); i++) {
            String arg = overrides.get(i);
            String where = Origins.COMMAND_LINE + "'" + arg + "'";
            int eq = arg.indexOf('=');
            if (eq <= 0) {
                problems.add(where + ": expected key=value");
                continue;
            }
            String key = arg.substring(0, eq).strip();
            String text = arg.substring(eq + 1).strip();
            try {
                ConfigUtil.splitPath(key);
            } catch (ConfigException e) {
                problems.add(where + ": '" + key + "' is not a config key: " + detail(e));
                continue;
            }
            if (text.isEmpty()) {
                problems.add(where + ": no value after '='");
                continue;
            }
            ConfigValue value;
            try {
                value = parseValue(text, where, i);
            } catch (ConfigException e) {
                problems.add(where + ": malformed value: " + detail(e));
                continue;
            }
            result = value.atPath(key).withFallback(result);
        }
        return result;
    }

    /** Parses the value of argument {@code index}; its line number is the argument's position, for chain order. */
    private static ConfigValue parseValue(String text, String where, int index) {
        ConfigParseOptions opts = OVERRIDE_OPTIONS.setOriginDescription(where);
        String lines = "\n".repeat(index);
        char first = text.charAt(0);
        boolean plainStart = first != '[' && first != '{' && first != '"';
        ConfigValue value;
        try {
            value = ConfigFactory.parseString(lines + "v = " + text, opts).root().get("v");
        } catch (ConfigException.Parse | ConfigException.WrongType e) {
            // WrongType: "local[2]" parses as a string concatenated with a list, which HOCON refuses
            if (!plainStart) {
                throw e;
            }
            value = null;
        }
        // HOCON would cut "/data//runs" or "a#1" at the comment; a command line has no comments
        if (value == null || (plainStart && isString(value) && !text.equals(value.unwrapped()))) {
            value = ConfigFactory.parseString(lines + "v = " + ConfigUtil.quoteString(text), opts).root().get("v");
        }
        return value;
    }

    private static boolean isString(ConfigValue v) {
        try {
            return v.valueType() == ConfigValueType.STRING;
        } catch (ConfigException.NotResolved e) {
            return false;
        }
    }

    /** A Typesafe exception as one of our lines: {@code file:line: what}. */
    static String describe(ConfigException e) {
        ConfigOrigin o = e.origin();
        String kind = e instanceof ConfigException.Parse && !(e instanceof ConfigException.UnresolvedSubstitution)
                ? "syntax error: " : "";
        if (o == null) {
            return kind + e.getMessage();
        }
        return Origins.where(o) + ": " + kind + detail(e);
    }

    /** The message without the origin prefix Typesafe puts in front. */
    private static String detail(ConfigException e) {
        String m = e.getMessage();
        ConfigOrigin o = e.origin();
        if (o != null && m != null && m.startsWith(o.description() + ": ")) {
            return m.substring(o.description().length() + 2);
        }
        return m;
    }
}
