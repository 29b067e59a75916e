package org.modnas.models.space;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.BlockList;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.modnas.models.metrics.Profiled;
import org.modnas.models.metrics.Profiler;

/**
 * A placeholder block in a model: it carries {@code chnIn}, {@code chnOut},
 * {@code stride} and free keyword arguments (e.g. {@code expansion}) and nothing else. A model
 * with Slots is a search-space template; a constructor builds every Slot into a real block (a
 * primitive or a mixed op) with {@link #build}. A Slot that was never built fails when run, naming
 * itself.
 *
 * <p>Names: a Slot's name is its stable identity; the search space's param names derive from it.
 * Give one in the model (MobileNetV2 uses the module path, {@code blocks.3.conv}); an unnamed Slot
 * is named {@code slot.<i>} by its position in the depth-first slot order when the space is built.
 */
public final class Slot extends AbstractBlock implements Profiled {
    private String name;
    private final int chnIn;
    private final int chnOut;
    private final int stride;
    private final Map<String, Object> kwargs;
    private Block entity;
    private String builtAs;

    /**
     * @param name the slot's name, or null to be named by position
     * @param chnIn input channels
     * @param chnOut output channels
     * @param stride spatial stride (1 or 2 in the bundled models)
     * @param kwargs free arguments for constructors and primitives, e.g. {@code expansion}
     */
    public Slot(String name, int chnIn, int chnOut, int stride, Map<String, ?> kwargs) {
        if (chnIn <= 0 || chnOut <= 0 || stride <= 0) {
            throw new IllegalArgumentException("slot " + (name == null ? "" : "'" + name + "' ")
                    + "needs positive channels and stride, got chnIn=" + chnIn + " chnOut=" + chnOut + " stride=" + stride);
        }
        this.name = name;
        this.chnIn = chnIn;
        this.chnOut = chnOut;
        this.stride = stride;
        this.kwargs = Collections.unmodifiableMap(new LinkedHashMap<>(kwargs == null ? Map.of() : kwargs));
    }

    public Slot(String name, int chnIn, int chnOut, int stride) {
        this(name, chnIn, chnOut, stride, Map.of());
    }

    /** The slot's name, or null before an unnamed slot is named by the space builder. */
    public String name() {
        return name;
    }

    void assignName(String n) {
        if (name != null) {
            throw new IllegalStateException("slot '" + name + "' is already named");
        }
        name = n;
    }

    public int chnIn() {
        return chnIn;
    }

    public int chnOut() {
        return chnOut;
    }

    public int stride() {
        return stride;
    }

    public Map<String, Object> kwargs() {
        return kwargs;
    }

    /** A keyword argument as an int, or {@code fallback} when absent. */
    public int intArg(String key, int fallback) {
        Object v = kwargs.get(key);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            return n.intValue();
        }
        throw new IllegalArgumentException("slot '" + name + "' argument '" + key + "' must be an integer, got " + v);
    }

    /** Whether a constructor has built this slot. */
    public boolean isBuilt() {
        return entity != null;
    }

    /** The block this slot was built into, or null. */
    public Block entity() {
        return entity;
    }

    /** What the slot was built as: a primitive name, or the mixed op's kind; null if not built. */
    public String builtAs() {
        return builtAs;
    }

    /**
     * Builds this slot into {@code block}. A slot is built once; a constructor that finds a built
     * slot leaves it alone or fails.
     *
     * @param block the real block
     * @param what a primitive name or a mixed-op description, for messages and export
     */
    public void build(Block block, String what) {
        Objects.requireNonNull(block, "block");
        if (entity != null) {
            throw new IllegalStateException("slot '" + name + "' is already built as " + builtAs);
        }
        entity = block;
        builtAs = what;
        children = new BlockList();
        children.add("entity", block);
    }

    /**
     * Replaces what this slot was built as with {@code block}: for constructors that turn a built
     * block into another form of the same operation (an elastic one, say).
     */
    public void replace(Block block, String what) {
        Objects.requireNonNull(block, "block");
        entity = block;
        builtAs = what;
        children = new BlockList();
        children.add("entity", block);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return requireEntity().forward(ps, inputs, training, params);
    }

    private Block requireEntity() {
        if (entity == null) {
            throw new IllegalStateException(describe() + " was never built: no constructor replaced it with a real block."
                    + " Configure search_space.construct (e.g. DefaultMixedOpConstructor) or desc_construct"
                    + " (e.g. DefaultSlotArchDescConstructor with an arch_desc)");
        }
        return entity;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        requireEntity().initialize(manager, dataType, inputShapes);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] in) {
        if (entity != null) {
            return entity.getOutputShapes(in);
        }
        Shape s = in[0];
        return new Shape[] {new Shape(s.get(0), chnOut, (s.get(2) + stride - 1) / stride, (s.get(3) + stride - 1) / stride)};
    }

    @Override
    public Shape profile(Shape input, Profiler profiler) {
        if (input.get(1) != chnIn) {
            throw new IllegalArgumentException(describe() + " expects " + chnIn + " input channels, got shape " + input);
        }
        return profiler.visit(requireEntity(), input);
    }

    /** e.g. {@code slot 'blocks.3.conv' (24→32, stride 2)}. */
    public String describe() {
        return "slot " + (name == null ? "(unnamed)" : "'" + name + "'") + " (" + chnIn + "→" + chnOut + ", stride " + stride + ")";
    }

    @Override
    public String toString() {
        return "Slot(" + name + ", " + chnIn + "→" + chnOut + ", stride " + stride
                + (kwargs.isEmpty() ? "" : ", " + kwargs) + (entity == null ? "" : ", built as " + builtAs) + ")";
    }
}
