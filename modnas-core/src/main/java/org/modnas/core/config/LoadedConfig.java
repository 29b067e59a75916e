package org.modnas.core.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A validated, resolved config with where it came from: the text written to a run's
 * {@code config.conf}, its content hash (the {@code config_hash} column of), and
 * its component chains in the order they were written.
 */
public final class LoadedConfig {
    private static final ObjectMapper CANONICAL = new ObjectMapper()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
    private static final ObjectMapper WIRE = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Config config;
    private final String source;
    private final List<String> fileOrder;
    private final List<String> chainPaths;
    private String hash;

    LoadedConfig(Config config, String source, List<String> fileOrder, List<String> chainPaths) {
        this.config = config;
        this.source = source;
        this.fileOrder = List.copyOf(fileOrder);
        this.chainPaths = List.copyOf(chainPaths);
    }

    /** The resolved config: the user's keys over every default. */
    public Config config() {
        return config;
    }

    /** Where the config came from, e.g. {@code conf/darts.conf}. */
    public String source() {
        return source;
    }

    /** The source's file name without folder and extension ({@code darts}); names the default run id. */
    public String name() {
        Path p = Path.of(source).getFileName();
        String n = p == null ? source : p.toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }

    /**
     * The resolved config as self-contained HOCON: every default included, substitutions replaced by
     * their values, keys sorted, no comments (a substituted value would carry its source's comment,
     * which misleads). Reading it back gives
     * the same config and the same {@link #configHash()}.
     */
    public String render() {
        String body = config.root().render(ConfigRenderOptions.defaults()
                .setOriginComments(false).setComments(false).setJson(false).setFormatted(true));
        return "# resolved config of " + source + ", config hash " + configHash() + "\n" + body;
    }

    /**
     * SHA-256 (hex) of the canonical form of the resolved config: compact JSON with keys sorted at
     * every level, no comments. Equal configs written differently (order, comments, includes,
     * substitutions) have the same hash.
     */
    public String configHash() {
        String h = hash;
        if (h == null) {
            hash = h = hashOf(config);
        }
        return h;
    }

    /**
     * The hash of what decides how candidates are evaluated: the config without the budget, the run
     * id, the output folder, the user's jar paths and the execution settings of the {@code spark} section. Two configs
     * with the same search identity evaluate every candidate the same way, so one may continue the
     * other's run (e.g. with a larger budget).
     */
    public String searchIdentity() {
        return searchIdentityOf(config);
    }

    /** {@link #searchIdentity()} of any resolved config: 16 hex digits. */
    public static String searchIdentityOf(Config resolved) {
        return hashOf(identityPart(resolved)).substring(0, 16);
    }

    /** What a search identity covers: the config without budget, execution, output and run-naming settings. */
    private static Config identityPart(Config resolved) {
        return resolved.withoutPath("search.budget").withoutPath("spark").withoutPath("output").withoutPath("jars").withoutPath("ui")
                .withoutPath("run.id")
                .withoutPath("run.allow_config_change");
    }

    /**
     * The settings of the search identity that differ between {@code stored} (the resolved config
     * a run was started with) and this config, one line each: {@code key: stored value -> this value}.
     * A setting {@code stored} lacks (one added to the defaults since) is not a difference.
     */
    public List<String> searchDifferences(Config stored) {
        Config now = identityPart(config);
        Config before = identityPart(stored);
        Map<String, Object> a = new java.util.TreeMap<>();
        Map<String, Object> b = new java.util.TreeMap<>();
        now.entrySet().forEach(e -> a.put(e.getKey(), comparable(e.getValue().unwrapped())));
        before.entrySet().forEach(e -> b.put(e.getKey(), comparable(e.getValue().unwrapped())));
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, Object> e : b.entrySet()) {
            Object mine = a.get(e.getKey());
            if (!a.containsKey(e.getKey())) {
                out.add(e.getKey() + ": " + e.getValue() + " -> (not set)");
            } else if (!java.util.Objects.equals(mine, e.getValue())) {
                out.add(e.getKey() + ": " + e.getValue() + " -> " + mine);
            }
        }
        return out;
    }

    /** Numbers as doubles, so {@code 1} and {@code 1.0} compare equal; lists element by element. */
    private static Object comparable(Object v) {
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (v instanceof List<?> l) {
            return l.stream().map(LoadedConfig::comparable).toList();
        }
        return v;
    }

    /** {@link #configHash()} of any resolved config. */
    public static String hashOf(Config resolved) {
        try {
            byte[] json = CANONICAL.writeValueAsBytes(resolved.root().unwrapped());
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot hash config: " + e.getMessage(), e);
        }
    }

    /** The entries of the chain at {@code path} in the order they were written; see {@link ConfigChains}. */
    public List<ConfigChains.Entry> chain(String path) {
        return ConfigChains.entries(config, path, fileOrder);
    }

    /**
     * The resolved config as JSON text for another process (a Spark executor) to parse with
     * {@code ConfigFactory.parseString}. Chain order is recovered from where entries stand, so the
     * text writes one key per line, every chain's entries in chain order and other keys sorted: a
     * config parsed from it runs every chain (constructors, estimators, exporters) in the order this
     * one does, although its origins name no file and every entry comes from the same text.
     */
    public String wireText() {
        try {
            return WIRE.writeValueAsString(wireTree(config.root(), List.of()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render config: " + e.getMessage(), e);
        }
    }

    private Object wireTree(ConfigValue v, List<String> path) {
        if (v instanceof ConfigObject o) {
            List<String> keys = new ArrayList<>();
            String joined = path.isEmpty() ? "" : ConfigUtil.joinPath(path);
            if (chainPaths.contains(joined)) {
                for (ConfigChains.Entry e : chain(joined)) {
                    keys.add(e.name());
                }
            }
            for (String k : new TreeSet<>(o.keySet())) {
                if (!keys.contains(k)) {
                    keys.add(k); // other keys, and chain entries switched off with null
                }
            }
            Map<String, Object> out = new LinkedHashMap<>();
            for (String k : keys) {
                List<String> child = new ArrayList<>(path);
                child.add(k);
                out.put(k, wireTree(o.get(k), child));
            }
            return out;
        }
        if (v instanceof ConfigList l) {
            List<Object> out = new ArrayList<>();
            List<String> element = new ArrayList<>(path);
            element.add("[]"); // no chain lies inside a list
            for (ConfigValue e : l) {
                out.add(wireTree(e, element));
            }
            return out;
        }
        return v.unwrapped();
    }

    /** True when the value at {@code path} was given as a {@code key=value} command-line override. */
    public boolean givenOnCommandLine(String path) {
        return config.hasPath(path) && Origins.isCommandLine(config.getValue(path).origin());
    }

    /** The config files read, an included file before the file including it, the main file last. */
    public List<String> files() {
        return fileOrder;
    }

    @Override
    public String toString() {
        return "LoadedConfig(" + source + ", " + configHash().substring(0, 8) + ")";
    }
}
