package org.modnas.models.elastic;

import com.typesafe.config.Config;
import java.util.List;
import org.modnas.core.export.Exporter;
import org.modnas.core.registry.ComponentArgs;
import org.modnas.core.registry.ComponentProvider;
import org.modnas.core.registry.ComponentSpec;
import org.modnas.core.registry.Registry;
import org.modnas.models.ModelsComponents;

/**
 * Registers the Once-for-All components under the original's names: the elastic constructors, the
 * constructor that builds an elastic subnet's desc as a plain network, and its exporter.
 */
public final class ElasticComponents implements ComponentProvider {
    private static final String SEQUENTIAL = "repeat_range = [1, 2, 3, 4], fix_first = true, search = true";
    private static final String SPATIAL = "expansion_range = [1, 3, 6], rank_fn = l1_fan_in, fix_first = true, search = true";

    @Override
    public void register(Registry r) {
        r.register(ComponentSpec.builder(ModelsComponents.CONSTRUCTOR, "MobileNetV2ElasticSequentialConstructor")
                .defaults(SEQUENTIAL)
                .description("elastic depth: each stage runs its first d blocks, d in repeat_range")
                .factory(a -> new MobileNetV2ElasticConstructor(ints(a, "repeat_range"), List.of(6), List.of(3),
                        ChannelRanking.NONE, a.config().getBoolean("fix_first"))));
        r.register(ComponentSpec.builder(ModelsComponents.CONSTRUCTOR, "MobileNetV2ElasticSpatialConstructor")
                .defaults(SPATIAL)
                .description("elastic width: each block's expansion in expansion_range, channels ranked by rank_fn")
                .factory(a -> new MobileNetV2ElasticConstructor(List.of(), ints(a, "expansion_range"), List.of(3),
                        rank(a), a.config().getBoolean("fix_first"))));
        r.register(ComponentSpec.builder(ModelsComponents.CONSTRUCTOR, "MobileNetV2ElasticConstructor")
                .defaults("repeat_range = [1, 2, 3, 4], expansion_range = [1, 3, 6], kernel_range = [3], rank_fn = l1_fan_in, "
                        + "fix_first = true, search = true, spatial_kwargs = {}, sequential_kwargs = {}")
                .description("elastic depth, width and (with more than one kernel_range size) kernel, weights shared")
                .factory(a -> {
                    Config c = a.config();
                    Config seq = c.getConfig("sequential_kwargs").withFallback(c);
                    Config spa = c.getConfig("spatial_kwargs").withFallback(c);
                    return new MobileNetV2ElasticConstructor(seq.getIntList("repeat_range"), spa.getIntList("expansion_range"),
                            c.getIntList("kernel_range"), ChannelRanking.of(spa.getIsNull("rank_fn") ? null : spa.getString("rank_fn")),
                            c.getBoolean("fix_first"));
                }));
        r.register(ComponentSpec.builder(ModelsComponents.CONSTRUCTOR, ElasticArchDescConstructor.NAME)
                .defaults("arch_desc = null")
                .description("builds an elastic subnet's desc (null, MB{k}E{e} or NIL per block) as a plain network")
                .factory(a -> new ElasticArchDescConstructor(a.config().hasPath("arch_desc")
                        ? a.config().getValue("arch_desc").unwrapped() : null)));
        r.register(ComponentSpec.builder(Exporter.KIND, ElasticArchDescExporter.NAME)
                .defaults("file = null, fix_first = true, max_stage_depth = 4")
                .description("an elastic subnet in the MobileNetV2 layout: null for the fixed first block, MB{k}E{e} or NIL")
                .factory(a -> new ElasticArchDescExporter(a.require(Config.class).getConfig("search_space"),
                        a.config().getIsNull("file") ? null : a.config().getString("file"), a.config().getBoolean("fix_first"))));
    }

    private static List<Integer> ints(ComponentArgs a, String key) {
        return a.config().getIntList(key);
    }

    private static ChannelRanking rank(ComponentArgs a) {
        return ChannelRanking.of(a.config().getIsNull("rank_fn") ? null : a.config().getString("rank_fn"));
    }
}
