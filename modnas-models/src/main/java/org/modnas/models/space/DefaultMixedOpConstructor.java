package org.modnas.models.space;

import ai.djl.nn.Block;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.modnas.models.ModelsComponents;

/**
 * Builds every unbuilt Slot into a mixed op over the listed primitives, each slot with its own
 * new arch param named after the slot. Slots already built are left alone.
 *
 * <p>Legality rule: a primitive that cannot serve a slot — {@code NIL}, {@code AVG} and
 * {@code MAX} where chnIn ≠ chnOut, and {@code NIL} where the stride is not 1 — is not offered at
 * that slot (ProxylessNAS offers zero only where the block keeps its shape, so that skipping it leaves
 * the shortcut); a slot left with no candidate is an error naming it.
 *
 * <p>Config: {@code mixed_op} (a name such as {@code Index}, or an object with {@code type} and
 * the op's arguments), {@code primitives} (also read as {@code candidates}, the original's key).
 */
public final class DefaultMixedOpConstructor implements Constructor {
    private final String opType;
    private final Config opArgs;
    private final List<String> primitives;

    public DefaultMixedOpConstructor(String opType, Config opArgs, List<String> primitives) {
        if (opType == null) {
            throw new IllegalArgumentException("DefaultMixedOpConstructor needs 'mixed_op' (e.g. Index, WeightedSum, BinGate)");
        }
        if (primitives.isEmpty()) {
            throw new IllegalArgumentException("DefaultMixedOpConstructor needs a non-empty 'primitives' list");
        }
        this.opType = opType;
        this.opArgs = opArgs == null ? ConfigFactory.empty() : opArgs;
        this.primitives = List.copyOf(primitives);
    }

    /** From the constructor's config section. */
    public static DefaultMixedOpConstructor fromConfig(Config c) {
        String type = null;
        Config args = ConfigFactory.empty();
        if (c.hasPath("mixed_op")) {
            ConfigValue v = c.getValue("mixed_op");
            if (v.valueType() == ConfigValueType.OBJECT) {
                Config o = c.getConfig("mixed_op");
                type = o.hasPath("type") ? o.getString("type") : null;
                args = o.withoutPath("type");
                if (o.hasPath("args")) {
                    args = o.getConfig("args");
                }
            } else {
                type = c.getString("mixed_op");
            }
        }
        List<String> prims = new ArrayList<>(c.hasPath("primitives") ? c.getStringList("primitives") : List.of());
        if (c.hasPath("candidates")) {
            if (!prims.isEmpty()) {
                throw new IllegalArgumentException("DefaultMixedOpConstructor: give 'primitives' or 'candidates', not both");
            }
            prims.addAll(c.getStringList("candidates"));
        }
        return new DefaultMixedOpConstructor(type, args, prims);
    }

    @Override
    public Block construct(Block model, BuildContext ctx) {
        List<String> canonical = new ArrayList<>();
        for (String p : primitives) {
            canonical.add(Primitives.canonicalName(ctx.registry(), p));
        }
        for (Slot slot : Slots.of(model)) {
            if (slot.isBuilt()) {
                continue;
            }
            List<String> names = new ArrayList<>();
            List<Block> blocks = new ArrayList<>();
            for (String p : canonical) {
                if (Primitives.illegalReason(p, slot) == null) {
                    names.add(p);
                    blocks.add(Primitives.build(ctx.registry(), p, slot));
                }
            }
            if (names.isEmpty()) {
                throw new IllegalArgumentException(slot.describe() + ": none of the primitives " + canonical + " can serve it");
            }
            MixedOpInputs in = new MixedOpInputs(slot.name(), names, blocks, ctx.rng().split());
            MixedOp op = ctx.registry().build(ModelsComponents.MIXED_OP, opType, opArgs, Map.of(MixedOpInputs.class, in));
            slot.build(op, op.kindName());
        }
        return model;
    }
}
