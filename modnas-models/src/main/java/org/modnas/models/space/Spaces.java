package org.modnas.models.space;

import ai.djl.nn.Block;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.modnas.core.config.ConfigChains;
import org.modnas.core.registry.Registry;
import org.modnas.core.util.Rng;
import org.modnas.models.ModelsComponents;

/**
 * The one place that turns a {@code search_space} config section (plus an optional arch desc) into
 * a network: builds {@code model}, names its Slots, then applies the constructor
 * chain — {@code construct} to search, {@code desc_construct} to retrain a desc — and collects the
 * params. Every build makes fresh blocks, params and generators: building one network never
 * changes another.
 *
 * <p>A chain is a list of constructor sections (run in list order) or an object of named sections
 * (run in the order written, as {@link ConfigChains} recovers it; a null entry is skipped). Each
 * section is {@code {type = <constructor>, <args>...}} or just the constructor's name.
 */
public final class Spaces {
    private Spaces() {
    }

    /** Builds the search network: {@code model} then the {@code construct} chain. */
    public static SearchSpace build(Config searchSpace, Registry registry, long seed) {
        return build(searchSpace, registry, seed, false, null);
    }

    /**
     * Builds the network an arch desc names, for retraining: {@code model} then the
     * {@code desc_construct} chain (by default one {@code DefaultSlotArchDescConstructor}).
     *
     * @param archDesc an {@code ArchDesc}, list, map or desc file path; null for {@code search_space.arch_desc}
     */
    public static SearchSpace buildFromDesc(Config searchSpace, Registry registry, long seed, Object archDesc) {
        return build(searchSpace, registry, seed, true, archDesc);
    }

    /** Applies {@code chain} to {@code model} (built by the caller) with a fresh generator from {@code seed}. */
    public static SearchSpace build(Block model, List<Constructor> chain, Registry registry, long seed, Object archDesc) {
        Slots.nameAll(model);
        BuildContext ctx = new BuildContext(registry, new Rng(seed), archDesc);
        Block m = model;
        for (Constructor c : chain) {
            m = c.construct(m, ctx);
        }
        return new SearchSpace(m);
    }

    private static SearchSpace build(Config ss, Registry registry, long seed, boolean fromDesc, Object archDesc) {
        if (!ss.hasPath("model")) {
            throw new IllegalArgumentException("search_space has no 'model' section; known models: "
                    + String.join(", ", registry.names(ModelsComponents.MODEL)));
        }
        Block model = registry.build(ModelsComponents.MODEL, ss.getConfig("model"), Map.of());
        Object desc = archDesc;
        if (desc == null && ss.hasPath("arch_desc")) {
            desc = ss.getValue("arch_desc").unwrapped();
        }
        List<Constructor> chain = chain(ss, fromDesc ? "desc_construct" : "construct", registry);
        if (fromDesc && chain.isEmpty()) {
            chain = List.of(new DefaultSlotArchDescConstructor(null));
        }
        return build(model, chain, registry, seed, desc);
    }

    /** The constructors of chain {@code key} of a search_space section, in run order. */
    public static List<Constructor> chain(Config ss, String key, Registry registry) {
        List<Constructor> out = new ArrayList<>();
        if (!ss.hasPath(key)) {
            return out;
        }
        ConfigValue v = ss.getValue(key);
        List<ConfigValue> entries = new ArrayList<>();
        if (v.valueType() == ConfigValueType.LIST) {
            entries.addAll(ss.getList(key));
        } else if (v.valueType() == ConfigValueType.OBJECT) {
            for (ConfigChains.Entry e : ConfigChains.entries(ss, key)) {
                entries.add(e.section().root());
            }
        } else {
            throw new IllegalArgumentException("search_space." + key + " must be a list or an object of constructor sections");
        }
        for (ConfigValue e : entries) {
            if (e.valueType() == ConfigValueType.STRING) {
                out.add(registry.build(ModelsComponents.CONSTRUCTOR, (String) e.unwrapped(), ConfigFactory.empty(), Map.of()));
            } else if (e.valueType() == ConfigValueType.OBJECT) {
                out.add(registry.build(ModelsComponents.CONSTRUCTOR, ((ConfigObject) e).toConfig(), Map.of()));
            } else {
                throw new IllegalArgumentException("search_space." + key + " entries must be constructor sections, got " + e.render());
            }
        }
        return out;
    }
}
