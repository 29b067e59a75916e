package org.modnas.core.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Ordered component chains: estimators, constructors and exporters run in
 * the order they are written, but HOCON objects are unordered, so the order is recovered from where
 * each entry was written.
 *
 * <p>An entry's position is where its {@code type} was written (or, without a {@code type}, its
 * earliest written key). Positions compare as follows:
 * <ol>
 *   <li>entries from {@code reference.conf} defaults come first;</li>
 *   <li>then entries from config files: by file, in the order given (for a loaded config: an
 *       included file before the file that includes it, as includes usually stand at the top; other
 *       files by name), and within a file by line;</li>
 *   <li>entries given only on the command line come last, in the order of the arguments.</li>
 * </ol>
 * Ties are broken by entry name. An entry whose value is {@code null} is left out, which is how a
 * config switches off an entry that a default or an included file defines.
 */
public final class ConfigChains {
    private ConfigChains() {
    }

    /** One named entry of a chain, e.g. {@code warmup} with its section {@code {type = DefaultEstimator, epochs = 1}}. */
    public record Entry(String name, Config section) {
        public Entry {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(section, "section");
        }

        /** The entry's {@code type}, or null. */
        public String type() {
            return section.hasPath("type") ? section.getString("type") : null;
        }
    }

    /** The chain at {@code path} with files ranked by name; see the class comment. */
    public static List<Entry> entries(Config cfg, String path) {
        return entries(cfg, path, List.of());
    }

    /**
     * The chain at {@code path}: its entries in written order, null entries left out; empty when the
     * path is absent or null.
     *
     * @param fileOrder config files from first to last; files not listed follow, by name
     * @throws IllegalArgumentException when the path holds something other than an object
     */
    public static List<Entry> entries(Config cfg, String path, List<String> fileOrder) {
        if (!cfg.hasPathOrNull(path) || cfg.getIsNull(path)) {
            return List.of();
        }
        ConfigValue v = cfg.getValue(path);
        if (!(v instanceof ConfigObject obj)) {
            throw new IllegalArgumentException(Origins.where(v.origin()) + ": '" + path
                    + "' must be an object of named entries, got " + v.valueType().name().toLowerCase());
        }
        record Placed(String name, ConfigValue value, ConfigOrigin origin) {
        }
        List<Placed> placed = new ArrayList<>();
        for (String name : obj.keySet()) {
            ConfigValue e = obj.get(name);
            if (e.valueType() == ConfigValueType.NULL) {
                continue;
            }
            if (!(e instanceof ConfigObject entryObj)) {
                throw new IllegalArgumentException(Origins.where(e.origin()) + ": chain entry '" + path + "." + name
                        + "' must be an object, got " + e.valueType().name().toLowerCase());
            }
            placed.add(new Placed(name, e, positionOf(entryObj, fileOrder)));
        }
        Comparator<ConfigOrigin> byPosition = positions(fileOrder);
        placed.sort(Comparator.comparing(Placed::origin, byPosition).thenComparing(Placed::name));
        List<Entry> out = new ArrayList<>(placed.size());
        for (Placed p : placed) {
            out.add(new Entry(p.name, ((ConfigObject) p.value).toConfig()));
        }
        return List.copyOf(out);
    }

    private static ConfigOrigin positionOf(ConfigObject entry, List<String> fileOrder) {
        ConfigValue type = entry.get("type");
        if (type != null && type.valueType() != ConfigValueType.NULL) {
            return type.origin();
        }
        ConfigOrigin best = null;
        Comparator<ConfigOrigin> cmp = positions(fileOrder);
        for (ConfigOrigin o : leafOrigins(entry, new ArrayList<>())) {
            if (best == null || cmp.compare(o, best) < 0) {
                best = o;
            }
        }
        return best == null ? entry.origin() : best;
    }

    private static List<ConfigOrigin> leafOrigins(ConfigValue v, List<ConfigOrigin> out) {
        if (v instanceof ConfigObject o && !o.isEmpty()) {
            for (ConfigValue c : o.values()) {
                leafOrigins(c, out);
            }
        } else {
            out.add(v.origin());
        }
        return out;
    }

    private static Comparator<ConfigOrigin> positions(List<String> fileOrder) {
        return (a, b) -> {
            int c = Integer.compare(group(a), group(b));
            if (c != 0) {
                return c;
            }
            if (Origins.isCommandLine(a)) {
                return Integer.compare(a.lineNumber(), b.lineNumber()); // the argument's position
            }
            c = Integer.compare(fileRank(a, fileOrder), fileRank(b, fileOrder));
            if (c == 0) {
                c = source(a).compareTo(source(b));
            }
            return c != 0 ? c : Integer.compare(a.lineNumber(), b.lineNumber());
        };
    }

    private static String source(ConfigOrigin o) {
        if (o.filename() != null) {
            return o.filename();
        }
        // a parsed string's description ends with the line ("String: 12"): leave it to the line comparison
        return o.url() != null ? o.url().toString() : LINES.matcher(o.description()).replaceFirst("");
    }

    private static final java.util.regex.Pattern LINES = java.util.regex.Pattern.compile(":\\s*\\d+(-\\d+)?$");

    private static int group(ConfigOrigin o) {
        if (o.resource() != null) {
            return 0;
        }
        if (Origins.isCommandLine(o)) {
            return 2;
        }
        return o.filename() != null ? 1 : 3;
    }

    private static int fileRank(ConfigOrigin o, List<String> fileOrder) {
        int i = o.filename() == null ? -1 : fileOrder.indexOf(o.filename());
        return i < 0 ? fileOrder.size() : i;
    }
}
