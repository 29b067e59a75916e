package org.modnas.models.space;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.modnas.core.arch.ArchDesc;
import org.modnas.core.arch.ArchSpace;
import org.modnas.core.arch.Categorical;
import org.modnas.core.arch.Param;
import org.modnas.models.elastic.ElasticMBConv;
import org.modnas.models.elastic.ElasticSpace;
import org.modnas.models.metrics.ModelStats;
import org.modnas.models.metrics.Profiler;

/**
 * A built network and the search space it carries (the result of {@link Spaces}): the network
 * block (not yet initialised), its Slots and mixed ops in slot order, the discrete
 * {@link #archSpace()} (Categorical params of Index ops), the {@link #tensorParams()} (α of
 * gradient ops), and the {@link #descSpace()} every slot-traversal desc lives in. Param names are
 * slot names.
 */
public final class SearchSpace {
    private final Block network;
    private final List<Slot> slots;
    private final List<MixedOp> mixedOps;
    private final ArchSpace archSpace;
    private final List<TensorParam> tensorParams;
    private final ElasticSpace elastic;

    SearchSpace(Block network) {
        this.network = network;
        this.slots = List.copyOf(Slots.of(network));
        this.mixedOps = List.copyOf(Slots.mixedOps(network));
        this.elastic = ElasticSpace.of(slots);
        List<Param> discrete = new ArrayList<>();
        List<TensorParam> tensors = new ArrayList<>();
        for (MixedOp op : mixedOps) {
            if (op.param() instanceof TensorParam t) {
                tensors.add(t);
            } else {
                discrete.add(op.param());
            }
        }
        ArchSpace a;
        if (elastic != null) {
            discrete.addAll(elastic.params());
            a = ArchSpace.of(discrete);
            ArchSpace plain = a;
            // a block its stage's depth skips does not change the network: its expansion and kernel are canonical
            a = a.withCanonicalForm(d -> ArchDesc.of(plain, withValues(d, elastic.values(elastic.canonical(elastic.setting(d))))));
        } else {
            a = ArchSpace.of(discrete);
        }
        this.archSpace = a;
        this.tensorParams = List.copyOf(tensors);
    }

    /** The network; initialise it with {@code network().initialize(manager, DataType.FLOAT32, shape)}. */
    public Block network() {
        return network;
    }

    public List<Slot> slots() {
        return slots;
    }

    public List<MixedOp> mixedOps() {
        return mixedOps;
    }

    /** {@code desc}'s values with those of {@code update} replaced, by name, in desc order. */
    private static Map<String, Object> withValues(ArchDesc desc, Map<String, Object> update) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < desc.size(); i++) {
            String n = desc.names().get(i);
            out.put(n, update.containsKey(n) ? update.get(n) : desc.value(i));
        }
        return out;
    }

    /** The elastic dimensions (Once-for-All), or null when no slot holds an elastic block. */
    public ElasticSpace elastic() {
        return elastic;
    }

    /** The discrete params (one Categorical per Index op, in slot order, then the elastic dimensions). */
    public ArchSpace archSpace() {
        return archSpace;
    }

    /** The α params of the gradient mixed ops, in slot order. */
    public List<TensorParam> tensorParams() {
        return tensorParams;
    }

    /** The DJL parameters holding α (for an arch optimizer); every other trainable parameter is a weight. */
    public List<Parameter> alphaParameters() {
        return tensorParams.stream().map(TensorParam::parameter).toList();
    }

    /** The weights: every trainable parameter that is not an α. */
    public List<Parameter> weightParameters() {
        List<Parameter> alphas = alphaParameters();
        List<Parameter> out = new ArrayList<>();
        for (Parameter p : network.getParameters().values()) {
            if (p.requiresGradient() && alphas.stream().noneMatch(a -> a == p)) {
                out.add(p);
            }
        }
        return out;
    }

    /**
     * One Categorical per slot (name = slot name; choices = the mixed op's candidates, or the one
     * primitive a fixed slot was built as): the space of slot-traversal descs. Every slot must be built.
     */
    public ArchSpace descSpace() {
        List<Param> ps = new ArrayList<>();
        for (Slot s : slots) {
            ps.add(new Categorical(s.name(), Slots.choices(s)));
        }
        return ArchSpace.of(ps);
    }

    /**
     * The slot-traversal export: one entry per slot in order, a mixed op's top-1, an elastic block's
     * active primitive ({@code MB{k}E{e}} or {@code NIL}) or the built primitive.
     */
    public ArchDesc exportDesc() {
        List<Object> values = new ArrayList<>();
        for (Slot s : slots) {
            values.add(s.entity() instanceof MixedOp op ? op.choice()
                    : s.entity() instanceof ElasticMBConv b ? b.primitive() : requireBuilt(s).builtAs());
        }
        return ArchDesc.of(descSpace(), values);
    }

    /** The top-k candidate names of every slot, in slot order (a fixed slot gives its primitive). */
    public List<List<String>> exportTopk(int k) {
        List<List<String>> out = new ArrayList<>();
        for (Slot s : slots) {
            out.add(s.entity() instanceof MixedOp op ? op.topk(k) : List.of(requireBuilt(s).builtAs()));
        }
        return out;
    }

    /** The recursive export: the slot-traversal desc nested by the dots of the slot names. */
    public Map<String, Object> exportNestedDesc() {
        Map<String, Object> flat = new LinkedHashMap<>();
        ArchDesc d = exportDesc();
        for (int i = 0; i < d.size(); i++) {
            flat.put(d.names().get(i), d.value(i));
        }
        return ArchDescs.nest(flat);
    }

    /** Switches every mixed op between weight training and arch steps. */
    public void setMode(MixedOp.Mode mode) {
        for (MixedOp op : mixedOps) {
            op.setMode(mode);
        }
    }

    /**
     * Sets every Index op's choice from {@code desc} (by param name, i.e. slot name) and every elastic
     * block's setting; params of the desc that name no Index op are ignored, Index ops the desc does
     * not name fail, elastic dimensions it does not name take their largest choice.
     */
    public void select(ArchDesc desc) {
        if (elastic != null) {
            elastic.apply(elastic.setting(desc));
        }
        for (MixedOp op : mixedOps) {
            if (op instanceof IndexMixedOp idx) {
                String n = idx.param().name();
                if (!desc.names().contains(n)) {
                    throw new IllegalArgumentException("arch desc has no entry for slot '" + n + "'");
                }
                idx.select(desc.value(n));
            }
        }
    }

    /**
     * The parameters of the candidates the last forward pass did not run: those an Index op's choice
     * or a binary-gate op's sampled path left out, which a training step must leave alone. Compared by
     * identity.
     */
    public Set<Parameter> idleParameters() {
        Set<Parameter> idle = Collections.newSetFromMap(new IdentityHashMap<>());
        for (MixedOp op : mixedOps) {
            int ran = op instanceof IndexMixedOp idx ? idx.selectedIndex()
                    : op instanceof BinaryGateMixedOp gate && op.mode() == MixedOp.Mode.WEIGHT ? gate.activePath() : -1;
            if (ran < 0) {
                continue;
            }
            for (int i = 0; i < op.candidates().size(); i++) {
                if (i != ran) {
                    for (Pair<String, Parameter> p : op.candidates().get(i).getParameters()) {
                        idle.add(p.getValue());
                    }
                }
            }
        }
        return idle;
    }

    /** The gradient mixed ops (those with an α), in slot order. */
    public List<TensorMixedOp> tensorMixedOps() {
        List<TensorMixedOp> out = new ArrayList<>();
        for (MixedOp op : mixedOps) {
            if (op instanceof TensorMixedOp t) {
                out.add(t);
            }
        }
        return out;
    }

    /** Params and MACs for one sample of shape {@code sampleShape} (e.g. 3×32×32); Index ops count their choice. */
    public ModelStats stats(Shape sampleShape) {
        return Profiler.profile(network, sampleShape);
    }

    private static Slot requireBuilt(Slot s) {
        if (!s.isBuilt()) {
            throw new IllegalStateException(s.describe() + " is not built, so the model has no desc yet");
        }
        return s;
    }
}
