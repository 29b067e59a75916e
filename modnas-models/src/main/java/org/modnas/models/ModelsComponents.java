package org.modnas.models;

import ai.djl.nn.Block;
import com.typesafe.config.Config;
import java.util.List;
import org.modnas.core.registry.ComponentArgs;
import org.modnas.core.registry.ComponentProvider;
import org.modnas.core.registry.ComponentSpec;
import org.modnas.core.registry.Kind;
import org.modnas.core.registry.Registry;
import org.modnas.models.models.MobileNetV2;
import org.modnas.models.space.BinaryGateMixedOp;
import org.modnas.models.space.BinaryGateUniformMixedOp;
import org.modnas.models.space.Constructor;
import org.modnas.models.space.DefaultMixedOpConstructor;
import org.modnas.models.space.DefaultOpConstructor;
import org.modnas.models.space.DefaultRecursiveArchDescConstructor;
import org.modnas.models.space.DefaultSlotArchDescConstructor;
import org.modnas.models.space.GumbelSumMixedOp;
import org.modnas.models.space.IndexMixedOp;
import org.modnas.models.space.MixedOp;
import org.modnas.models.space.MixedOpInputs;
import org.modnas.models.space.PredefinedConstructor;
import org.modnas.models.space.Primitives;
import org.modnas.models.space.SoftmaxSumMixedOp;
import org.modnas.models.train.TrainerConfig;

/**
 * Registers this module's components (found by {@link java.util.ServiceLoader}): the base models
 * (kind {@code model}, config path {@code search_space.model}), the constructors (kind
 * {@code constructor}, paths {@code search_space.construct.*} and
 * {@code search_space.desc_construct.*}), the mixed ops and the primitives.
 */
public final class ModelsComponents implements ComponentProvider {
    /** Base models: a factory returns the template network with Slots. */
    public static final Kind<Block> MODEL = Kind.of("model", Block.class);
    /** Constructors of the construct / desc_construct chains. */
    public static final Kind<Constructor> CONSTRUCTOR = Kind.of("constructor", Constructor.class);
    /** Mixed ops; the factory gets {@link MixedOpInputs} from the context. */
    public static final Kind<MixedOp> MIXED_OP = Kind.of("mixed_op", MixedOp.class);
    /** Primitives; the factory gets the {@link org.modnas.models.space.Slot} from the context. */
    public static final Kind<Block> PRIMITIVE = Kind.of("primitive", Block.class);

    private static final String MODEL_ARGS = "n_classes = %d, chn_in = 3, width_coeff = 1.0, depth_coeff = 1.0";

    @Override
    public void register(Registry r) {
        registerModels(r);
        registerConstructors(r);
        registerMixedOps(r);
        Primitives.register(r);
        r.registerSlot("search_space.model", MODEL);
        r.registerSlot("search_space.construct.*", CONSTRUCTOR);
        r.registerSlot("search_space.desc_construct.*", CONSTRUCTOR);
        TrainerConfig.registerRanges(r);
    }

    private static void registerModels(Registry r) {
        model(r, "ImageNet_MobileNetV2", 1000, MobileNetV2.ORIGINAL, "MobileNetV2 as published (17 slots)");
        model(r, "CIFAR_MobileNetV2", 10, MobileNetV2.cifar(MobileNetV2.ORIGINAL),
                "MobileNetV2 with stem and 160-channel stage at stride 1 (17 slots)");
        model(r, "ImageNet_MobileNetV2_GPU", 1000, MobileNetV2.GPU, "deeper, wider MobileNetV2 (22 slots)");
        model(r, "CIFAR_MobileNetV2_GPU", 10, MobileNetV2.cifar(MobileNetV2.GPU), "the GPU variant with the CIFAR strides (22 slots)");
    }

    private static void model(Registry r, String name, int classes, List<MobileNetV2.Stage> cfgs, String description) {
        r.register(ComponentSpec.builder(MODEL, name)
                .defaults(String.format(java.util.Locale.ROOT, MODEL_ARGS, classes))
                .ranges("n_classes", ">= 1", "chn_in", ">= 1", "width_coeff", "> 0", "depth_coeff", "> 0")
                .description(description)
                .factory(a -> {
                    Config c = a.config();
                    return MobileNetV2.build(cfgs, c.getInt("n_classes"), c.getInt("chn_in"),
                            c.getDouble("width_coeff"), c.getDouble("depth_coeff"));
                }));
    }

    private static void registerConstructors(Registry r) {
        r.register(ComponentSpec.builder(CONSTRUCTOR, "DefaultMixedOpConstructor")
                .defaults("mixed_op = null, primitives = null, candidates = null")
                .description("every slot becomes a mixed op over the listed primitives, each with its own param")
                .factory(a -> DefaultMixedOpConstructor.fromConfig(a.config())));
        r.register(ComponentSpec.builder(CONSTRUCTOR, "DefaultOpConstructor")
                .defaults("op = null, slots = []")
                .description("every slot (or the slots named) becomes the one given primitive")
                .factory(a -> new DefaultOpConstructor(a.config().hasPath("op") ? a.config().getString("op") : null,
                        a.config().getStringList("slots"))));
        r.register(ComponentSpec.builder(CONSTRUCTOR, "DefaultSlotArchDescConstructor")
                .defaults("arch_desc = null")
                .description("builds each slot, in order, from the next entry of the arch desc")
                .factory(a -> new DefaultSlotArchDescConstructor(descArg(a))));
        r.register(ComponentSpec.builder(CONSTRUCTOR, "DefaultRecursiveArchDescConstructor")
                .defaults("arch_desc = null")
                .description("builds each slot from its part of a desc nested by module name")
                .factory(a -> new DefaultRecursiveArchDescConstructor(descArg(a))));
        r.register(ComponentSpec.builder(CONSTRUCTOR, "MobileNetV2PredefinedConstructor")
                .aliases("DefaultPredefinedConstructor")
                .defaults("kernel_size = 3")
                .ranges("kernel_size", ">= 1")
                .description("builds each slot as MB{kernel_size}E{expansion}: the published network")
                .factory(a -> new PredefinedConstructor(a.config().getInt("kernel_size"))));
    }

    private static Object descArg(ComponentArgs a) {
        return a.config().hasPath("arch_desc") ? a.config().getValue("arch_desc").unwrapped() : null;
    }

    private static void registerMixedOps(Registry r) {
        r.register(ComponentSpec.builder(MIXED_OP, "BinaryGateMixedOp").aliases("BinGate")
                .description("ProxylessNAS binary gates: one sampled path; two in arch steps")
                .factory(a -> new BinaryGateMixedOp(a.require(MixedOpInputs.class))));
        r.register(ComponentSpec.builder(MIXED_OP, "BinaryGateUniformMixedOp").aliases("BinGateUniform")
                .description("binary gates with uniformly sampled paths")
                .factory(a -> new BinaryGateUniformMixedOp(a.require(MixedOpInputs.class))));
        r.register(ComponentSpec.builder(MIXED_OP, "SoftmaxSumMixedOp").aliases("WeightedSum")
                .description("DARTS: softmax(alpha)-weighted sum of every candidate")
                .factory(a -> new SoftmaxSumMixedOp(a.require(MixedOpInputs.class))));
        r.register(ComponentSpec.builder(MIXED_OP, "GumbelSumMixedOp").aliases("GumbelSum")
                .defaults("temperature = 1e5")
                .ranges("temperature", "> 0")
                .description("SNAS: softmax((alpha + Gumbel noise) / temperature)-weighted sum")
                .factory(a -> new GumbelSumMixedOp(a.require(MixedOpInputs.class), a.config().getDouble("temperature"))));
        r.register(ComponentSpec.builder(MIXED_OP, "IndexMixedOp").aliases("Index")
                .description("runs the one candidate chosen by a categorical param")
                .factory(a -> new IndexMixedOp(a.require(MixedOpInputs.class))));
    }
}
