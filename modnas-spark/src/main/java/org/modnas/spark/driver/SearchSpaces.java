package org.modnas.spark.driver;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.modnas.core.arch.ArchSpace;
import org.modnas.core.arch.Categorical;
import org.modnas.core.arch.Param;
import org.modnas.core.registry.Registry;
import org.modnas.models.space.Spaces;

/**
 * Builds the arch space of a search once on the driver. Today it reads a synthetic
 * space of categorical params from {@code search_space.params}, either an object
 * ({@code slot_0 = [a, b], slot_1 = [...]}, ordered by name with numbers compared as numbers) or a
 * list ({@code [{name = slot_0, choices = [a, b]}, ...]}, in order). Spaces generated from a model
 * ({@code search_space.model}) come from {@link #fromModel}: the Index mixed ops of the constructed network.
 */
public final class SearchSpaces {
    private SearchSpaces() {
    }

    /** The arch space the config describes. */
    public static ArchSpace fromConfig(Config config) {
        if (config.hasPath("search_space.params")) {
            return fromParams(config.getValue("search_space.params"));
        }
        if (config.hasPath("search_space.model.type")) {
            return fromModel(config);
        }
        throw new IllegalArgumentException("search_space has neither 'params' (a synthetic space of categorical params) "
                + "nor 'model': nothing to search");
    }

    /** The space of a model-based search: the Slots of the configured model and constructors. */
    static ArchSpace fromModel(Config config) {
        ArchSpace space = Spaces.build(config.getConfig("search_space"), Registry.global(), config.getLong("run.seed")).archSpace();
        if (space.dimension() == 0) {
            throw new IllegalArgumentException("the search space of search_space.model has no discrete params to search: "
                    + "add a construct chain such as search_space.construct.mixed_op { type = DefaultMixedOpConstructor, "
                    + "mixed_op = Index, primitives = [...] }");
        }
        return space;
    }

    private static ArchSpace fromParams(ConfigValue v) {
        List<Param> params = new ArrayList<>();
        if (v.valueType() == ConfigValueType.OBJECT) {
            ConfigObject o = (ConfigObject) v;
            List<String> names = new ArrayList<>(o.keySet());
            names.sort(SearchSpaces::naturalOrder);
            for (String n : names) {
                params.add(categorical(n, o.get(n)));
            }
        } else if (v.valueType() == ConfigValueType.LIST) {
            int i = 0;
            for (ConfigValue e : (ConfigList) v) {
                if (e.valueType() != ConfigValueType.OBJECT || !((ConfigObject) e).containsKey("name")
                        || !((ConfigObject) e).containsKey("choices")) {
                    throw new IllegalArgumentException(where(e) + "search_space.params entry " + i
                            + " must be an object with 'name' and 'choices'");
                }
                Map<String, Object> m = ((ConfigObject) e).unwrapped();
                params.add(categorical(String.valueOf(m.get("name")), ((ConfigObject) e).get("choices")));
                i++;
            }
        } else {
            throw new IllegalArgumentException(where(v) + "search_space.params must be an object or a list, got "
                    + v.valueType().name().toLowerCase());
        }
        if (params.isEmpty()) {
            throw new IllegalArgumentException(where(v) + "search_space.params declares no params");
        }
        return ArchSpace.of(params);
    }

    private static Categorical categorical(String name, ConfigValue choices) {
        if (choices.valueType() != ConfigValueType.LIST) {
            throw new IllegalArgumentException(where(choices) + "search_space.params." + name
                    + " must be a list of choices, got " + choices.valueType().name().toLowerCase());
        }
        try {
            return new Categorical(name, ((ConfigList) choices).unwrapped());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where(choices) + e.getMessage(), e);
        }
    }

    private static String where(ConfigValue v) {
        return v.origin().filename() == null ? "" : v.origin().filename() + ":" + v.origin().lineNumber() + ": ";
    }

    /** {@code slot_2} before {@code slot_10}. */
    static int naturalOrder(String a, String b) {
        String[] pa = a.split("(?<=\\D)(?=\\d)|(?<=\\d)(?=\\D)");
        String[] pb = b.split("(?<=\\D)(?=\\d)|(?<=\\d)(?=\\D)");
        for (int i = 0; i < Math.min(pa.length, pb.length); i++) {
            int c;
            if (pa[i].chars().allMatch(Character::isDigit) && pb[i].chars().allMatch(Character::isDigit)) {
                c = Comparator.<String>comparingInt(String::length).thenComparing(Comparator.naturalOrder())
                        .compare(pa[i].replaceFirst("^0+(?=.)", ""), pb[i].replaceFirst("^0+(?=.)", ""));
            } else {
                c = pa[i].compareTo(pb[i]);
            }
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(pa.length, pb.length);
    }
}
