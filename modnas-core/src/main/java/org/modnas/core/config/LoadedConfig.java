package org.modnas.core.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * A validated, resolved config with where it came from: the text written to a run's
 * {@code config.conf}, its content hash (the {@code config_hash} column of), and
 * its component chains in the order they were written.
 */
public final class LoadedConfig {
    private static final ObjectMapper CANONICAL = new ObjectMapper()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private final Config config;
    private final String source;
    private final List<String> fileOrder;
    private String hash;

    LoadedConfig(Config config, String source, List<String> fileOrder) {
        this.config = config;
        this.source = source;
        this.fileOrder = List.copyOf(fileOrder);
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
     * id, the output folder and the execution settings of the {@code spark} section. Two configs
     * with the same search identity evaluate every candidate the same way, so one may continue the
     * other's run (e.g. with a larger budget).
     */
    public String searchIdentity() {
        return searchIdentityOf(config);
    }

    /** {@link #searchIdentity()} of any resolved config: 16 hex digits. */
    public static String searchIdentityOf(Config resolved) {
        Config c = resolved.withoutPath("search.budget").withoutPath("spark").withoutPath("output").withoutPath("run.id");
        return hashOf(c).substring(0, 16);
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

    /** The config files read, an included file before the file including it, the main file last. */
    public List<String> files() {
        return fileOrder;
    }

    @Override
    public String toString() {
        return "LoadedConfig(" + source + ", " + configHash().substring(0, 8) + ")";
    }
}
