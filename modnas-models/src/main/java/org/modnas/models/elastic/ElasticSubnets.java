package org.modnas.models.elastic;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;
import org.modnas.models.space.SearchSpace;
import org.modnas.models.space.Slot;
import org.modnas.models.train.Autograd;

/**
 * Turns the active subnet of an elastic supernet into the weights of the same architecture built as
 * a plain network (from its exported desc): each elastic block's slices go into its plain block
 * ({@link ElasticMBConv#copyInto}), every other slot and everything outside the slots (stem, head,
 * classifier) is copied parameter by parameter. Both networks must be initialised.
 */
public final class ElasticSubnets {
    private ElasticSubnets() {
    }

    /** Copies the supernet's active subnet into {@code plain}. */
    public static void copy(SearchSpace supernet, SearchSpace plain, NDManager manager) {
        Autograd.withoutRecording(() -> copySlices(supernet, plain, manager));
    }

    private static void copySlices(SearchSpace supernet, SearchSpace plain, NDManager manager) {
        List<Slot> from = supernet.slots();
        List<Slot> to = plain.slots();
        if (from.size() != to.size()) {
            throw new IllegalArgumentException("the plain network has " + to.size() + " slots, the supernet " + from.size());
        }
        for (int i = 0; i < from.size(); i++) {
            Block source = from.get(i).entity();
            Block target = to.get(i).entity();
            if (source instanceof ElasticMBConv b) {
                if (!b.skipped()) {
                    b.copyInto(target, manager);
                }
            } else {
                copyAll(params(source, false), params(target, false), from.get(i).describe());
            }
        }
        copyAll(params(supernet.network(), true), params(plain.network(), true), "the layers outside the slots");
    }

    /** The parameters of {@code block} in declaration order; with {@code outsideSlots}, none under a Slot. */
    private static List<Parameter> params(Block block, boolean outsideSlots) {
        List<Parameter> out = new ArrayList<>();
        collect(block, outsideSlots, out);
        return out;
    }

    private static void collect(Block block, boolean outsideSlots, List<Parameter> out) {
        if (outsideSlots && block instanceof Slot) {
            return;
        }
        block.getDirectParameters().values().forEach(out::add);
        for (Pair<String, Block> child : block.getChildren()) {
            collect(child.getValue(), outsideSlots, out);
        }
    }

    private static void copyAll(List<Parameter> from, List<Parameter> to, String where) {
        if (from.size() != to.size()) {
            throw new IllegalArgumentException(where + ": " + from.size() + " parameters in the supernet, " + to.size()
                    + " in the plain network");
        }
        for (int i = 0; i < from.size(); i++) {
            NDArray s = from.get(i).getArray();
            NDArray t = to.get(i).getArray();
            if (!s.getShape().equals(t.getShape())) {
                throw new IllegalArgumentException(where + ": parameter " + from.get(i).getName() + " has shape " + s.getShape()
                        + " in the supernet, " + t.getShape() + " in the plain network");
            }
            t.set(new NDIndex(":"), s);
        }
    }
}
