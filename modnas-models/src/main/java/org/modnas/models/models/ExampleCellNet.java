package org.modnas.models.models;

import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import com.typesafe.config.Config;
import java.util.Map;
import org.modnas.core.registry.ComponentSpec;
import org.modnas.core.registry.Registry;
import org.modnas.models.ModelsComponents;
import org.modnas.models.layers.Act;
import org.modnas.models.layers.GlobalAvgPool;
import org.modnas.models.layers.Layers;
import org.modnas.models.layers.Residual;
import org.modnas.models.space.Slot;

/**
 * An example of a user model ({@code docs/custom-model.md}): a stem convolution, then
 * {@code cells} searchable cells — each a {@link Slot} with a shortcut where the shape allows —
 * doubling the channels at every other cell, then a classifier. Any DJL block tree works as long
 * as the searchable parts are Slots with stable names; the blocks of {@code org.modnas.models.layers}
 * and DJL's conv, BN, linear and sequential blocks keep it measurable by the profiler.
 *
 * <p>Register it under a name (here in a provider's {@code register}, or any code holding the
 * registry), then refer to that name from config:
 * <pre>{@code
 * registry.register(ComponentSpec.builder(ModelsComponents.MODEL, "ExampleCellNet")
 *         .defaults("n_classes = 10, chn_in = 1, width = 16, cells = 4")
 *         .factory(args -> ExampleCellNet.build(args.config())));
 *
 * search_space {
 *   model { type = ExampleCellNet, n_classes = 10, cells = 4 }
 *   construct { mixed_op { type = DefaultMixedOpConstructor, mixed_op = Index, primitives = [MB3E3, SC3, IDT, NIL] } }
 * }
 * }</pre>
 * It is not registered by default; {@link #register(Registry)} does exactly the above.
 */
public final class ExampleCellNet {
    private ExampleCellNet() {
    }

    /** Registers the model as {@code ExampleCellNet}. */
    public static void register(Registry registry) {
        registry.register(ComponentSpec.builder(ModelsComponents.MODEL, "ExampleCellNet")
                .defaults("n_classes = 10, chn_in = 1, width = 16, cells = 4")
                .description("example user model: stem, searchable cells, classifier")
                .factory(args -> build(args.config())));
    }

    /** Builds the template from its arguments. */
    public static Block build(Config c) {
        return build(c.getInt("n_classes"), c.getInt("chn_in"), c.getInt("width"), c.getInt("cells"));
    }

    public static Block build(int nClasses, int chnIn, int width, int cells) {
        SequentialBlock net = new SequentialBlock();
        net.add(Layers.conv(width, 3, 1)).add(Layers.batchNorm()).add(Act.relu());
        int c = width;
        for (int i = 0; i < cells; i++) {
            boolean reduce = i % 2 == 1;
            int out = reduce ? c * 2 : c;
            // the slot's name is its param's name: keep it stable
            Slot slot = new Slot("cells." + i, c, out, reduce ? 2 : 1, Map.of("expansion", 3));
            net.add(new Residual("op", slot, !reduce));
            c = out;
        }
        net.add(new GlobalAvgPool()).add(Linear.builder().setUnits(nClasses).build());
        return net;
    }
}
