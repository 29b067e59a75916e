package org.modnas.models.elastic;

import ai.djl.nn.Block;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.modnas.models.space.BuildContext;
import org.modnas.models.space.Constructor;
import org.modnas.models.space.Primitives;
import org.modnas.models.space.Slot;
import org.modnas.models.space.Slots;

/**
 * Makes a MobileNetV2's blocks elastic for Once-for-All: every Slot but the first (with
 * {@code fix_first}) becomes an {@link ElasticMBConv} sized for the largest expansion and kernel,
 * replacing what an earlier constructor built there (the published blocks of
 * {@code MobileNetV2PredefinedConstructor}, say) or building it. Depth (blocks per stage, from the
 * slots' {@code stage} argument), width (expansion) and kernel size are elastic as configured: the
 * sequential constructor makes depth elastic, the spatial one width, the combined one both and the
 * kernel when {@code kernel_range} has more than one size. The first block of a stage always runs.
 *
 * @param depths     blocks per stage to choose from ({@code repeat_range}), or empty for fixed depth
 * @param expansions expansions to choose from ({@code expansion_range}), or a single one for fixed width
 * @param kernels    kernel sizes to choose from ({@code kernel_range})
 * @param rankFn     how hidden channels are ranked before a narrower block keeps the first ones
 * @param fixFirst   keep the first block as built (the published t = 1 block)
 */
public record MobileNetV2ElasticConstructor(List<Integer> depths, List<Integer> expansions, List<Integer> kernels,
                                            ChannelRanking rankFn, boolean fixFirst) implements Constructor {
    public MobileNetV2ElasticConstructor {
        if (expansions.isEmpty() || expansions.stream().anyMatch(e -> e < 1)) {
            throw new IllegalArgumentException("expansion_range must list expansions >= 1, got " + expansions);
        }
        if (kernels.isEmpty() || kernels.stream().anyMatch(k -> k < 1 || k % 2 == 0)) {
            throw new IllegalArgumentException("kernel_range must list odd kernel sizes, got " + kernels);
        }
        if (depths.stream().anyMatch(d -> d < 1)) {
            throw new IllegalArgumentException("repeat_range must list block counts >= 1, got " + depths);
        }
    }

    @Override
    public Block construct(Block model, BuildContext ctx) {
        List<Slot> slots = Slots.of(model);
        Map<Integer, List<Slot>> stages = new LinkedHashMap<>();
        for (int i = 0; i < slots.size(); i++) {
            Slot s = slots.get(i);
            if (!s.kwargs().containsKey("stage") || !s.kwargs().containsKey("expansion")) {
                throw new IllegalArgumentException(s.describe() + " has no 'stage' and 'expansion' arguments: the elastic "
                        + "constructors need a MobileNetV2 model");
            }
            if (fixFirst && i == 0) {
                if (!s.isBuilt()) {
                    String name = "MB3E" + s.intArg("expansion", 1);
                    s.build(Primitives.build(ctx.registry(), name, s), name);
                }
                continue;
            }
            stages.computeIfAbsent(s.intArg("stage", 0), k -> new ArrayList<>()).add(s);
        }
        for (Map.Entry<Integer, List<Slot>> e : stages.entrySet()) {
            List<Slot> stage = e.getValue();
            int n = stage.size();
            List<Integer> stageDepths = depths.stream().filter(d -> d <= n).toList();
            if (stageDepths.isEmpty() || depths.isEmpty()) {
                stageDepths = List.of(n);
            }
            for (int p = 0; p < n; p++) {
                Slot s = stage.get(p);
                ElasticMBConv.Choices choices = new ElasticMBConv.Choices(e.getKey(), p, n, stageDepths, expansions, kernels, rankFn);
                ElasticMBConv block = new ElasticMBConv(s.name(), s.chnIn(), s.chnOut(), s.stride(), choices);
                if (p > 0 && !block.skippable()) {
                    throw new IllegalArgumentException(s.describe() + " is not the first of its stage but changes the shape,"
                            + " so elastic depth cannot skip it");
                }
                if (s.isBuilt()) {
                    s.replace(block, "Elastic");
                } else {
                    s.build(block, "Elastic");
                }
            }
        }
        return model;
    }
}
