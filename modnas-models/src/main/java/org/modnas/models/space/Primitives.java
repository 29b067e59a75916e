package org.modnas.models.space;

import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.modnas.core.registry.ComponentSpec;
import org.modnas.core.registry.Registry;
import org.modnas.core.registry.UnknownComponentException;
import org.modnas.models.ModelsComponents;
import org.modnas.models.layers.Act;
import org.modnas.models.layers.FactorizedReduce;
import org.modnas.models.layers.Identity;
import org.modnas.models.layers.Layers;
import org.modnas.models.layers.Pool2d;
import org.modnas.models.layers.Zero;

/**
 * The primitives: candidate operations built from a {@link Slot}'s arguments. Each
 * concrete name ({@code MB3E6}, {@code NIL}, {@code SC3}...) is registered as a component of kind
 * {@link ModelsComponents#PRIMITIVE} whose factory takes the Slot from the build context, so users
 * add their own primitives the same way. Unknown names fail with the known forms and the closest.
 */
public final class Primitives {
    /** Kernel sizes of the MB primitives. */
    public static final List<Integer> MB_KERNELS = List.of(3, 5, 7, 9);
    /** Expansion ratios of the MB primitives. */
    public static final List<Integer> MB_EXPANSIONS = List.of(1, 3, 4, 6, 9);
    /** The name forms, for messages and help. */
    public static final String FORMS = "MB{k}E{e} (k in 3,5,7,9; e in 1,3,4,6,9), NIL, IDT, AVG, MAX,"
            + " SC{k} (k in 3,5,7), DC{k} (k in 3,5), NC{k} (k in 1,3,5,7)";

    private Primitives() {
    }

    /** Registers every bundled primitive name. */
    public static void register(Registry registry) {
        for (int k : MB_KERNELS) {
            for (int e : MB_EXPANSIONS) {
                add(registry, "MB" + k + "E" + e, "mobile inverted residual conv, kernel " + k + ", expansion " + e,
                        s -> mobileInverted(s, k, e));
            }
        }
        add(registry, "NIL", "zero of the output shape (needs chnIn = chnOut)", Primitives::nil);
        add(registry, "IDT", "identity, or factorized reduction when stride > 1 or channels change", Primitives::identity);
        add(registry, "AVG", "3x3 average pool + BN (needs chnIn = chnOut)", s -> poolBn(s, false));
        add(registry, "MAX", "3x3 max pool + BN (needs chnIn = chnOut)", s -> poolBn(s, true));
        for (int k : List.of(3, 5, 7)) {
            add(registry, "SC" + k, "separable conv " + k + "x" + k + " (twice)", s -> sepConv(s, k));
        }
        for (int k : List.of(3, 5)) {
            add(registry, "DC" + k, "dilated (2) separable conv " + k + "x" + k, s -> dilConv(s, k, 2));
        }
        for (int k : List.of(1, 3, 5, 7)) {
            add(registry, "NC" + k, "standard conv " + k + "x" + k, s -> stdConv(s, k));
        }
    }

    private static void add(Registry registry, String name, String description, java.util.function.Function<Slot, Block> f) {
        registry.register(ComponentSpec.builder(ModelsComponents.PRIMITIVE, name)
                .description(description)
                .factory(args -> f.apply(args.require(Slot.class))));
    }

    /** The registered (canonical) name of a primitive; unknown names fail with the known forms and the closest. */
    public static String canonicalName(Registry registry, String name) {
        try {
            return registry.lookup(ModelsComponents.PRIMITIVE, name).name();
        } catch (UnknownComponentException e) {
            throw new IllegalArgumentException("unknown primitive '" + name + "'"
                    + (e.closest() == null ? "" : "; did you mean '" + e.closest() + "'?")
                    + " Known forms: " + FORMS + (customNames(registry).isEmpty() ? "" : "; also " + customNames(registry)));
        }
    }

    private static List<String> customNames(Registry registry) {
        List<String> out = new ArrayList<>();
        for (String n : registry.names(ModelsComponents.PRIMITIVE)) {
            if (!n.matches("MB\\dE\\d|NIL|IDT|AVG|MAX|SC\\d|DC\\d|NC\\d")) {
                out.add(n);
            }
        }
        return out;
    }

    /** Builds primitive {@code name} for {@code slot}; errors name the slot. */
    public static Block build(Registry registry, String name, Slot slot) {
        String canonical = canonicalName(registry, name);
        try {
            return registry.build(ModelsComponents.PRIMITIVE, canonical, null, Map.of(Slot.class, slot));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(slot.describe() + ": cannot build " + canonical + ": " + e.getMessage(), e);
        }
    }

    /**
     * Why {@code name} (canonical) cannot serve {@code slot}, or null when it can: NIL and the pools
     * need chnIn = chnOut, and NIL also stride 1 — only there does the block keep its shape, so a zero
     * block leaves the block's shortcut; where the stride changes, a zero would cut every path.
     */
    public static String illegalReason(String canonical, Slot slot) {
        if ((canonical.equals("NIL") || canonical.equals("AVG") || canonical.equals("MAX")) && slot.chnIn() != slot.chnOut()) {
            return canonical + " needs chnIn = chnOut, the slot maps " + slot.chnIn() + " to " + slot.chnOut() + " channels";
        }
        if (canonical.equals("NIL") && slot.stride() != 1) {
            return "NIL needs stride 1 (the block keeps its shape), the slot has stride " + slot.stride();
        }
        return null;
    }

    static Block mobileInverted(Slot s, int k, int e) {
        int hidden = s.chnIn() * e;
        SequentialBlock b = new SequentialBlock();
        if (e != 1) {
            b.add(Layers.conv(hidden, 1, 1)).add(Layers.batchNorm()).add(Act.relu6());
        }
        b.add(Layers.depthwise(hidden, k, s.stride(), 1)).add(Layers.batchNorm()).add(Act.relu6());
        b.add(Layers.conv(s.chnOut(), 1, 1)).add(Layers.batchNorm());
        return b;
    }

    private static Block nil(Slot s) {
        requireSameChannels("NIL", s);
        return new Zero(s.stride());
    }

    private static Block identity(Slot s) {
        if (s.stride() == 1 && s.chnIn() == s.chnOut()) {
            return new Identity();
        }
        if (s.stride() == 1) {
            return new SequentialBlock().add(Act.relu()).add(Layers.conv(s.chnOut(), 1, 1)).add(Layers.batchNorm());
        }
        if (s.stride() != 2) {
            throw new IllegalArgumentException("IDT supports stride 1 or 2, got " + s.stride());
        }
        return new FactorizedReduce(s.chnOut());
    }

    private static Block poolBn(Slot s, boolean max) {
        requireSameChannels(max ? "MAX" : "AVG", s);
        return new SequentialBlock().add(new Pool2d(max, 3, s.stride())).add(Layers.batchNorm());
    }

    private static Block sepConv(Slot s, int k) {
        int c = s.chnIn();
        return new SequentialBlock()
                .add(Act.relu()).add(Layers.depthwise(c, k, s.stride(), 1)).add(Layers.conv(c, 1, 1)).add(Layers.batchNorm())
                .add(Act.relu()).add(Layers.depthwise(c, k, 1, 1)).add(Layers.conv(s.chnOut(), 1, 1)).add(Layers.batchNorm());
    }

    private static Block dilConv(Slot s, int k, int dilation) {
        return new SequentialBlock()
                .add(Act.relu()).add(Layers.depthwise(s.chnIn(), k, s.stride(), dilation))
                .add(Layers.conv(s.chnOut(), 1, 1)).add(Layers.batchNorm());
    }

    private static Block stdConv(Slot s, int k) {
        return new SequentialBlock().add(Act.relu()).add(Layers.conv(s.chnOut(), k, s.stride())).add(Layers.batchNorm());
    }

    private static void requireSameChannels(String what, Slot s) {
        if (s.chnIn() != s.chnOut()) {
            throw new IllegalArgumentException(what + " needs chnIn = chnOut, the slot maps " + s.chnIn() + " to " + s.chnOut() + " channels");
        }
    }
}
