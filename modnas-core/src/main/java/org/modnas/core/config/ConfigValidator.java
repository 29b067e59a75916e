package org.modnas.core.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.modnas.core.registry.ComponentSpec;
import org.modnas.core.registry.Kind;
import org.modnas.core.registry.Registry;
import org.modnas.core.registry.UnknownComponentException;
import org.modnas.core.registry.ValueRange;

/**
 * The checks on one config: keys the user gave must exist in the reference config (or lie
 * in a component section) with a compatible type; each component section names a registered
 * component and only that component's arguments. Every problem is collected, none stops the others.
 */
final class ConfigValidator {
    private static final Set<String> BOOLEAN_WORDS = Set.of("true", "false", "yes", "no", "on", "off");
    private static final ConfigRenderOptions CONCISE = ConfigRenderOptions.concise();

    private record Problem(ConfigOrigin origin, String text) {
        String line() {
            return Origins.where(origin) + ": " + text;
        }
    }

    private final Registry registry;
    private final ComponentSlots slots;
    private final ConfigObject reference;
    private final ConfigObject full;
    private final List<Problem> problems = new ArrayList<>();

    /**
     * @param reference the reference config, resolved as far as it can be alone
     * @param full      the user's config over the reference, resolved
     */
    ConfigValidator(Registry registry, Config reference, Config full) {
        this.registry = registry;
        this.slots = new ComponentSlots(registry.slots());
        this.reference = reference.root();
        this.full = full.root();
    }

    /** Checks {@code user} (the keys given in files and on the command line); returns the problems, sorted. */
    List<String> check(Config user) {
        checkKeys(user.root(), List.of(), reference);
        checkSections();
        checkRanges();
        List<Problem> sorted = new ArrayList<>(problems);
        sorted.sort(Comparator.comparing((Problem p) -> Origins.isCommandLine(p.origin))
                .thenComparing(p -> p.origin == null || p.origin.filename() == null ? "" : p.origin.filename())
                .thenComparingInt(p -> p.origin == null ? -1 : p.origin.lineNumber()));
        List<String> lines = new ArrayList<>();
        for (Problem p : sorted) {
            lines.add(p.line());
        }
        return lines;
    }

    /** The user's keys outside component sections, against the reference config. */
    private void checkKeys(ConfigObject given, List<String> at, ConfigObject ref) {
        Set<String> keys;
        try {
            keys = given.keySet();
        } catch (ConfigException.NotResolved e) {
            // an object merged with a substitution: its keys are only known once resolved
            ConfigValue resolved = valueAt(full, at);
            if (!(resolved instanceof ConfigObject obj)) {
                return;
            }
            given = obj;
            keys = obj.keySet();
        }
        for (String key : keys) {
            List<String> path = append(at, key);
            if (slots.insideSection(path)) {
                continue;
            }
            ConfigValue value = given.get(key);
            ConfigValue refValue = ref == null ? null : ref.get(key);
            boolean leadsToSection = slots.leadsToSection(path);
            if (refValue == null && !leadsToSection) {
                List<String> known = new ArrayList<>(ref == null ? Set.of() : ref.keySet());
                known.addAll(slots.keysUnder(at));
                problems.add(new Problem(Origins.of(value), "unknown key '" + join(path) + "'"
                        + KeySuggestions.didYouMean(key, known)));
                continue;
            }
            ConfigValue resolved = valueAt(full, path);
            if (resolved == null) {
                continue;
            }
            if (refValue == null && resolved.valueType() != ConfigValueType.OBJECT) {
                problems.add(new Problem(Origins.of(value), "key '" + join(path)
                        + "' must be an object holding components, got " + describe(resolved)));
                continue;
            }
            if (refValue != null && !checkType(value, resolved, refValue, path)) {
                continue;
            }
            if (resolved instanceof ConfigObject resolvedObj) {
                ConfigObject refObj = refValue instanceof ConfigObject r ? r : null;
                // an empty object in the reference is a free-form map, unless it holds components
                if (leadsToSection || (refObj != null && !refObj.isEmpty())) {
                    checkKeys(value instanceof ConfigObject o ? o : resolvedObj, path, refObj);
                }
            }
        }
    }

    /** Every component section in the final config: a registered type and only its arguments. */
    private void checkSections() {
        for (Map.Entry<List<String>, Kind<?>> e : slots.sections(full).entrySet()) {
            List<String> path = e.getKey();
            Kind<?> kind = e.getValue();
            ConfigValue section = valueAt(full, path);
            if (section == null || section.valueType() == ConfigValueType.NULL) {
                continue; // not configured, or a chain entry switched off
            }
            if (!(section instanceof ConfigObject obj)) {
                problems.add(new Problem(Origins.of(section), "'" + join(path) + "' must be an object with a 'type' "
                        + "naming the " + kind.name() + " and its arguments, got " + describe(section)));
                continue;
            }
            ConfigValue type = obj.get("type");
            if (type == null || type.valueType() == ConfigValueType.NULL) {
                if (obj.keySet().stream().anyMatch(k -> !"type".equals(k))) {
                    problems.add(new Problem(Origins.of(obj), "'" + join(path) + "' gives arguments but no 'type'; known "
                            + kind.name() + " names: " + String.join(", ", registry.names(kind))));
                }
                continue;
            }
            if (type.valueType() == ConfigValueType.OBJECT || type.valueType() == ConfigValueType.LIST) {
                problems.add(new Problem(type.origin(), "key '" + join(append(path, "type")) + "' must name a "
                        + kind.name() + ", got " + describe(type)));
                continue;
            }
            ComponentSpec<?> spec;
            try {
                spec = registry.lookup(kind, String.valueOf(type.unwrapped()));
            } catch (UnknownComponentException u) {
                problems.add(new Problem(type.origin(), "key '" + join(append(path, "type")) + "': " + u.getMessage()));
                continue;
            }
            checkArguments(obj, path, spec.defaults().root(), spec, true);
            for (Map.Entry<String, ValueRange> r : spec.ranges().entrySet()) {
                checkRange(obj.get(r.getKey()), append(path, r.getKey()), r.getValue());
            }
        }
    }

    /** The declared ranges of settings outside component sections. */
    private void checkRanges() {
        for (Map.Entry<String, ValueRange> r : registry.ranges().entrySet()) {
            List<String> path = ConfigUtil.splitPath(r.getKey());
            checkRange(valueAt(full, path), path, r.getValue());
        }
        for (Map.Entry<String, List<String>> c : registry.choices().entrySet()) {
            List<String> path = ConfigUtil.splitPath(c.getKey());
            ConfigValue v = valueAt(full, path);
            if (v != null && v.valueType() == ConfigValueType.STRING && !c.getValue().contains((String) v.unwrapped())) {
                problems.add(new Problem(Origins.of(v), join(path) + " must be one of " + String.join(", ", c.getValue())
                        + ", got '" + v.unwrapped() + "'"));
            }
        }
    }

    /** Adds a problem when {@code value} is a number outside {@code range}; other values are the type check's. */
    private void checkRange(ConfigValue value, List<String> path, ValueRange range) {
        if (value == null || value.valueType() != ConfigValueType.NUMBER) {
            return;
        }
        double v = ((Number) value.unwrapped()).doubleValue();
        if (!range.contains(v)) {
            problems.add(new Problem(Origins.of(value), join(path) + " " + range.requirement() + ", got " + ValueRange.show(v)));
        }
    }

    private void checkArguments(ConfigObject given, List<String> at, ConfigObject defaults, ComponentSpec<?> spec,
                                boolean top) {
        for (String key : given.keySet()) {
            if (top && "type".equals(key)) {
                continue;
            }
            List<String> path = append(at, key);
            ConfigValue value = given.get(key);
            ConfigValue def = defaults.get(key);
            if (def == null) {
                Set<String> accepted = new TreeSet<>(defaults.keySet());
                problems.add(new Problem(Origins.of(value), "unknown key '" + join(path) + "'"
                        + KeySuggestions.didYouMean(key, accepted) + "; " + spec.kind().name() + " '" + spec.name()
                        + (top ? "'" : "' under '" + join(at) + "'")
                        + (accepted.isEmpty() ? " takes no arguments here" : " accepts: " + String.join(", ", accepted))));
                continue;
            }
            if (checkType(value, value, def, path) && value instanceof ConfigObject obj
                    && def instanceof ConfigObject defObj && !defObj.isEmpty()) {
                checkArguments(obj, path, defObj, spec, false);
            }
        }
    }

    /** Adds a problem and returns false when {@code resolved} cannot stand where {@code expected} is the default. */
    private boolean checkType(ConfigValue given, ConfigValue resolved, ConfigValue expected, List<String> path) {
        ConfigValueType want;
        try {
            want = expected.valueType();
        } catch (ConfigException.NotResolved e) {
            return true;
        }
        ConfigValueType got = resolved.valueType();
        boolean ok = switch (want) {
            case NULL -> true;
            case STRING -> got == ConfigValueType.STRING || got == ConfigValueType.NUMBER || got == ConfigValueType.BOOLEAN;
            case BOOLEAN -> got == ConfigValueType.BOOLEAN
                    || (got == ConfigValueType.STRING && BOOLEAN_WORDS.contains(String.valueOf(resolved.unwrapped())));
            default -> got == want;
        };
        if (!ok) {
            problems.add(new Problem(Origins.of(given), "key '" + join(path) + "' must be " + article(want)
                    + " (default " + expected.render(CONCISE) + "), got " + describe(resolved)));
        }
        return ok;
    }

    private static String describe(ConfigValue v) {
        if (v.valueType() == ConfigValueType.NULL) {
            return "null";
        }
        String text = v.render(CONCISE);
        if (text.length() > 60) {
            text = text.substring(0, 57) + "...";
        }
        return article(v.valueType()) + " " + text;
    }

    private static String article(ConfigValueType t) {
        return switch (t) {
            case OBJECT -> "an object";
            case LIST -> "a list";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case STRING -> "a string";
            case NULL -> "null";
        };
    }

    static ConfigValue valueAt(ConfigObject root, List<String> path) {
        ConfigValue v = root;
        for (String k : path) {
            if (!(v instanceof ConfigObject o)) {
                return null;
            }
            v = o.get(k);
            if (v == null) {
                return null;
            }
        }
        return v;
    }

    private static List<String> append(List<String> path, String key) {
        List<String> p = new ArrayList<>(path.size() + 1);
        p.addAll(path);
        p.add(key);
        return p;
    }

    private static String join(List<String> path) {
        return ConfigUtil.joinPath(path);
    }
}
