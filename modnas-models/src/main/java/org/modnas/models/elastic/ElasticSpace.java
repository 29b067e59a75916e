package org.modnas.models.elastic;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.modnas.core.arch.ArchDesc;
import org.modnas.core.arch.Categorical;
import org.modnas.core.arch.Param;
import org.modnas.core.util.Rng;
import org.modnas.models.space.Slot;

/**
 * The elastic dimensions of a network whose Slots hold {@link ElasticMBConv} blocks: the depth of
 * each stage (its first blocks run, the rest are skipped), and the expansion and kernel size of each
 * block. Its params are Categoricals named {@code stages.<i>.depth}, {@code <slot>.expansion} and
 * {@code <slot>.kernel}, one per dimension with more than one choice. A desc of it sets every block;
 * its canonical form gives a skipped block's expansion and kernel their first choice, so two descs
 * naming the same network are one desc.
 */
public final class ElasticSpace {
    /** What progressive shrinking opens: depth (sequential), width (spatial, the expansion) and kernel size. */
    public enum Dimension {
        DEPTH, WIDTH, KERNEL
    }

    private final List<ElasticMBConv> blocks;
    private final Map<Integer, List<ElasticMBConv>> stages = new TreeMap<>();

    private ElasticSpace(List<ElasticMBConv> blocks) {
        this.blocks = List.copyOf(blocks);
        for (ElasticMBConv b : blocks) {
            stages.computeIfAbsent(b.choices().stage(), k -> new ArrayList<>()).add(b);
        }
    }

    /** The elastic space of {@code slots}, or null when none holds an elastic block. */
    public static ElasticSpace of(List<Slot> slots) {
        List<ElasticMBConv> blocks = new ArrayList<>();
        for (Slot s : slots) {
            if (s.entity() instanceof ElasticMBConv b) {
                blocks.add(b);
            }
        }
        return blocks.isEmpty() ? null : new ElasticSpace(blocks);
    }

    public List<ElasticMBConv> blocks() {
        return blocks;
    }

    /** The depth choices of stage {@code stage} (its elastic blocks' stage index). */
    public List<Integer> depths(int stage) {
        return stages.get(stage).get(0).choices().depths();
    }

    private static String depthName(int stage) {
        return "stages." + stage + ".depth";
    }

    /** The params: a stage's depth, then per block its expansion and kernel, each when it has a choice. */
    public List<Param> params() {
        List<Param> out = new ArrayList<>();
        for (Map.Entry<Integer, List<ElasticMBConv>> e : stages.entrySet()) {
            List<Integer> depths = depths(e.getKey());
            if (depths.size() > 1) {
                out.add(new Categorical(depthName(e.getKey()), List.copyOf(depths)));
            }
            for (ElasticMBConv b : e.getValue()) {
                if (b.choices().expansions().size() > 1) {
                    out.add(new Categorical(b.name() + ".expansion", List.copyOf(b.choices().expansions())));
                }
                if (b.choices().kernels().size() > 1) {
                    out.add(new Categorical(b.name() + ".kernel", List.copyOf(b.choices().kernels())));
                }
            }
        }
        return out;
    }

    /** One subnet: a depth per stage, an expansion and a kernel per block. */
    public record Setting(Map<Integer, Integer> depths, Map<String, Integer> expansions, Map<String, Integer> kernels) {
    }

    /** The largest subnet: full depth, largest expansion and kernel everywhere. */
    public Setting largest() {
        Map<Integer, Integer> d = new TreeMap<>();
        Map<String, Integer> e = new LinkedHashMap<>();
        Map<String, Integer> k = new LinkedHashMap<>();
        stages.keySet().forEach(s -> d.put(s, last(depths(s))));
        for (ElasticMBConv b : blocks) {
            e.put(b.name(), last(b.choices().expansions()));
            k.put(b.name(), last(b.choices().kernels()));
        }
        return new Setting(d, e, k);
    }

    /** The smallest subnet: the smallest choice everywhere. */
    public Setting smallest() {
        Map<Integer, Integer> d = new TreeMap<>();
        Map<String, Integer> e = new LinkedHashMap<>();
        Map<String, Integer> k = new LinkedHashMap<>();
        stages.keySet().forEach(s -> d.put(s, depths(s).get(0)));
        for (ElasticMBConv b : blocks) {
            e.put(b.name(), b.choices().expansions().get(0));
            k.put(b.name(), b.choices().kernels().get(0));
        }
        return new Setting(d, e, k);
    }

    /** Sets every block: stage depth (blocks at a position >= depth are skipped), expansion and kernel. */
    public void apply(Setting s) {
        for (ElasticMBConv b : blocks) {
            int depth = s.depths().getOrDefault(b.choices().stage(), last(depths(b.choices().stage())));
            b.configure(s.expansions().get(b.name()), s.kernels().get(b.name()), b.choices().position() >= depth);
        }
    }

    /** The setting a desc of {@link #params()} names; dimensions the desc has no param for take their only (largest) choice. */
    public Setting setting(ArchDesc desc) {
        Setting max = largest();
        Map<Integer, Integer> d = new TreeMap<>(max.depths());
        Map<String, Integer> e = new LinkedHashMap<>(max.expansions());
        Map<String, Integer> k = new LinkedHashMap<>(max.kernels());
        for (int stage : stages.keySet()) {
            if (desc.names().contains(depthName(stage))) {
                d.put(stage, intOf(desc, depthName(stage)));
            }
        }
        for (ElasticMBConv b : blocks) {
            if (desc.names().contains(b.name() + ".expansion")) {
                e.put(b.name(), intOf(desc, b.name() + ".expansion"));
            }
            if (desc.names().contains(b.name() + ".kernel")) {
                k.put(b.name(), intOf(desc, b.name() + ".kernel"));
            }
        }
        return new Setting(d, e, k);
    }

    /**
     * The setting a plain network's blocks name ({@code MB{k}E{e}} or {@code NIL}, by slot name, as the
     * elastic layout exports them): a stage's depth is its blocks that run, which must come first.
     */
    public Setting fromPrimitives(Map<String, String> byBlock) {
        Map<Integer, Integer> d = new TreeMap<>();
        Map<String, Integer> e = new LinkedHashMap<>();
        Map<String, Integer> k = new LinkedHashMap<>();
        for (Map.Entry<Integer, List<ElasticMBConv>> st : stages.entrySet()) {
            int depth = 0;
            boolean dropped = false;
            for (ElasticMBConv b : st.getValue()) {
                String name = byBlock.get(b.name());
                if (name == null) {
                    throw new IllegalArgumentException("the desc names no block for " + b.name());
                }
                if (name.equals("NIL")) {
                    dropped = true;
                    e.put(b.name(), b.choices().expansions().get(0));
                    k.put(b.name(), b.choices().kernels().get(0));
                    continue;
                }
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("MB(\\d+)E(\\d+)").matcher(name);
                if (!m.matches() || dropped) {
                    throw new IllegalArgumentException(b.name() + ": " + name + (dropped ? " runs after a dropped block of its stage"
                            : " is not an MB{k}E{e} block") + ", so the elastic supernet has no such subnet");
                }
                k.put(b.name(), Integer.parseInt(m.group(1)));
                e.put(b.name(), Integer.parseInt(m.group(2)));
                depth++;
            }
            d.put(st.getKey(), depth);
        }
        return new Setting(d, e, k);
    }

    /** The values of {@link #params()} for a setting, by param name. */
    public Map<String, Object> values(Setting s) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Param p : params()) {
            String n = p.name();
            if (n.startsWith("stages.")) {
                out.put(n, s.depths().get(Integer.parseInt(n.substring("stages.".length(), n.length() - ".depth".length()))));
            } else if (n.endsWith(".expansion")) {
                out.put(n, s.expansions().get(n.substring(0, n.length() - ".expansion".length())));
            } else {
                out.put(n, s.kernels().get(n.substring(0, n.length() - ".kernel".length())));
            }
        }
        return out;
    }

    /** The canonical form: a block the stage's depth skips takes its smallest expansion and kernel. */
    public Setting canonical(Setting s) {
        Map<String, Integer> e = new LinkedHashMap<>(s.expansions());
        Map<String, Integer> k = new LinkedHashMap<>(s.kernels());
        for (ElasticMBConv b : blocks) {
            int depth = s.depths().getOrDefault(b.choices().stage(), last(depths(b.choices().stage())));
            if (b.choices().position() >= depth) {
                e.put(b.name(), b.choices().expansions().get(0));
                k.put(b.name(), b.choices().kernels().get(0));
            }
        }
        return new Setting(s.depths(), e, k);
    }

    /**
     * A subnet drawn uniformly and independently per group (each stage's depth, each block's
     * expansion and kernel) from the choices {@code open} gives its dimension; a dimension not in
     * {@code open} takes its largest value. With {@code useRatio} the depth and width choices are
     * ratios of the full size: depth ⌊n·r⌋ of a stage of n blocks, expansion round(E·r) of the
     * largest expansion E, each at least 1. Kernel choices are sizes; those a block lacks are ignored.
     */
    public Setting sample(Rng rng, Map<Dimension, List<Double>> open, boolean useRatio) {
        Map<Integer, Integer> d = new TreeMap<>();
        Map<String, Integer> e = new LinkedHashMap<>();
        Map<String, Integer> k = new LinkedHashMap<>();
        for (int stage : stages.keySet()) {
            ElasticMBConv first = stages.get(stage).get(0);
            int n = first.choices().stageBlocks();
            int full = last(depths(stage));
            List<Integer> ch = choices(open.get(Dimension.DEPTH), full,
                    v -> useRatio ? Math.max(1, (int) Math.floor(n * v + 1e-9)) : (int) Math.round(v), 1, n);
            d.put(stage, ch.get(rng.nextInt(ch.size())));
        }
        for (ElasticMBConv b : blocks) {
            int maxE = b.maxExpansion();
            List<Integer> ex = choices(open.get(Dimension.WIDTH), maxE,
                    v -> useRatio ? Math.max(1, (int) Math.round(maxE * v)) : (int) Math.round(v), 1, maxE);
            e.put(b.name(), ex.get(rng.nextInt(ex.size())));
            List<Integer> ks = choices(open.get(Dimension.KERNEL), b.maxKernel(), v -> (int) Math.round(v), 1, b.maxKernel())
                    .stream().filter(b.kernels()::contains).toList();
            k.put(b.name(), ks.isEmpty() ? b.maxKernel() : ks.get(rng.nextInt(ks.size())));
        }
        return new Setting(d, e, k);
    }

    private static List<Integer> choices(List<Double> spec, int full, java.util.function.DoubleToIntFunction value, int lo, int hi) {
        if (spec == null || spec.isEmpty()) {
            return List.of(full);
        }
        List<Integer> out = new ArrayList<>();
        for (double v : spec) {
            int x = Math.max(lo, Math.min(hi, value.applyAsInt(v)));
            if (!out.contains(x)) {
                out.add(x);
            }
        }
        return out;
    }

    private static int intOf(ArchDesc desc, String name) {
        Object v = desc.value(name);
        if (v instanceof Number n) {
            return n.intValue();
        }
        try {
            return Integer.parseInt(String.valueOf(v));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("arch desc entry '" + name + "' must be a whole number, got " + v);
        }
    }

    private static int last(List<Integer> xs) {
        return xs.get(xs.size() - 1);
    }
}
