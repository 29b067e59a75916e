package org.modnas.models.cli;

import ai.djl.ndarray.types.Shape;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import com.typesafe.config.ConfigValueType;
import java.io.PrintStream;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.modnas.core.registry.ComponentSpec;
import org.modnas.core.registry.Names;
import org.modnas.core.registry.Registry;
import org.modnas.core.registry.UserJars;
import org.modnas.models.ModelsComponents;
import org.modnas.models.metrics.ModelStats;
import org.modnas.models.space.SearchSpace;
import org.modnas.models.space.Slot;
import org.modnas.models.space.Slots;
import org.modnas.models.space.Spaces;

/**
 * {@code modnas model <model type> [key=value ...]}: describes a search space built from
 * a base model — its slots (name, channels, stride, choices), the space size — and the params and
 * MACs of the base network (every slot built as its published block) at an input shape. Needs no
 * native engine: everything is analytic.
 */
public final class ModelCommand {
    /** The ProxylessNAS candidates, offered when no {@code primitives} are given. */
    public static final List<String> DEFAULT_PRIMITIVES = List.of("MB3E3", "MB3E6", "MB5E3", "MB5E6", "MB7E3", "MB7E6", "NIL");
    private static final List<String> OWN_KEYS = List.of("input", "primitives", "mixed_op");

    private ModelCommand() {
    }

    /**
     * @param args the model type, then {@code key=value} pairs: the model's arguments and
     *     {@code input=CxHxW}, {@code primitives=[...]}, {@code mixed_op=<name>}
     * @return 0 on success or help, 2 on a usage error
     */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.isEmpty()) {
            usage(err, Registry.global());
            return 2;
        }
        if (args.contains("--help") || args.contains("-h")) {
            usage(out, Registry.global());
            return 0;
        }
        Registry registry = Registry.global();
        try {
            args = new ArrayList<>(args);
            UserJars.load(UserJars.takeOption(args), registry);
            if (args.isEmpty()) {
                throw new IllegalArgumentException("no model type given");
            }
            String type = args.get(0);
            ComponentSpec<?> spec = registry.lookup(ModelsComponents.MODEL, type);
            Config model = ConfigFactory.empty().withValue("type", ConfigValueFactory.fromAnyRef(spec.name()));
            String input = null;
            List<String> primitives = DEFAULT_PRIMITIVES;
            String mixedOp = "Index";
            for (String kv : args.subList(1, args.size())) {
                int eq = kv.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("expected key=value, got '" + kv + "'");
                }
                String key = kv.substring(0, eq).strip();
                String value = kv.substring(eq + 1).strip();
                switch (key) {
                    case "input" -> input = value;
                    case "primitives", "candidates" -> primitives = parseList(value);
                    case "mixed_op" -> mixedOp = value;
                    default -> {
                        if (!spec.defaults().root().containsKey(key)) {
                            List<String> known = new ArrayList<>(spec.defaults().root().keySet());
                            known.addAll(OWN_KEYS);
                            String near = Names.closest(key, known);
                            throw new IllegalArgumentException("model '" + spec.name() + "' has no argument '" + key + "'"
                                    + (near == null ? "" : "; did you mean '" + near + "'?") + " Keys: " + String.join(", ", known));
                        }
                        model = model.withValue(key, parseValue(key, value));
                    }
                }
            }
            Config resolvedModel = model.withFallback(spec.defaults());
            int chnIn = resolvedModel.hasPath("chn_in") ? resolvedModel.getInt("chn_in") : 3;
            Shape inputShape = input == null ? defaultInput(spec.name(), chnIn) : parseShape(input);

            Config search = ConfigFactory.empty()
                    .withValue("model", model.root())
                    .withValue("construct.mixed_op", ConfigFactory.empty()
                            .withValue("type", ConfigValueFactory.fromAnyRef("DefaultMixedOpConstructor"))
                            .withValue("mixed_op", ConfigValueFactory.fromAnyRef(mixedOp))
                            .withValue("primitives", ConfigValueFactory.fromIterable(primitives)).root());
            SearchSpace space = Spaces.build(search, registry, 0);
            Config baseCfg = ConfigFactory.empty()
                    .withValue("model", model.root())
                    .withValue("construct.predefined.type", ConfigValueFactory.fromAnyRef("MobileNetV2PredefinedConstructor"));
            ModelStats base = Spaces.build(baseCfg, registry, 0).stats(inputShape);

            out.println("model=" + spec.name() + " input=" + show(inputShape) + " slots=" + space.slots().size()
                    + " mixed_op=" + mixedOp + " primitives=" + String.join(",", primitives));
            BigInteger size = BigInteger.ONE;
            for (Slot s : space.slots()) {
                List<String> choices = Slots.choices(s);
                size = size.multiply(BigInteger.valueOf(choices.size()));
                out.println("slot name=" + s.name() + " chn_in=" + s.chnIn() + " chn_out=" + s.chnOut() + " stride=" + s.stride()
                        + args(s.kwargs()) + " n_choices=" + choices.size() + " choices=" + String.join(",", choices));
            }
            out.println("space_size=" + size);
            out.println("params=" + base.params() + " macs=" + base.macs());
            return 0;
        } catch (IllegalArgumentException | IllegalStateException | ConfigException e) {
            err.println("modnas model: " + e.getMessage());
            return 2;
        }
    }

    private static String args(Map<String, Object> kwargs) {
        StringBuilder sb = new StringBuilder();
        kwargs.forEach((k, v) -> sb.append(' ').append(k).append('=').append(v));
        return sb.toString();
    }

    private static ConfigValue parseValue(String key, String value) {
        try {
            return ConfigFactory.parseString("v = " + value).getValue("v");
        } catch (ConfigException e) {
            return ConfigValueFactory.fromAnyRef(value, "command line " + key);
        }
    }

    static List<String> parseList(String value) {
        String v = value.strip();
        if (v.startsWith("[")) {
            ConfigValue c = ConfigFactory.parseString("v = " + v).getValue("v");
            if (c.valueType() != ConfigValueType.LIST) {
                throw new IllegalArgumentException("primitives must be a list, got " + value);
            }
            List<String> out = new ArrayList<>();
            for (Object o : (List<?>) c.unwrapped()) {
                out.add(String.valueOf(o));
            }
            return out;
        }
        return Arrays.stream(v.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    static Shape parseShape(String s) {
        String[] parts = s.toLowerCase(java.util.Locale.ROOT).split("[x×,]");
        if (parts.length != 3) {
            throw new IllegalArgumentException("input must be CxHxW, e.g. 3x32x32, got '" + s + "'");
        }
        long[] dims = new long[3];
        for (int i = 0; i < 3; i++) {
            try {
                dims[i] = Long.parseLong(parts[i].strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("input must be CxHxW with positive integers, got '" + s + "'");
            }
            if (dims[i] <= 0) {
                throw new IllegalArgumentException("input must be CxHxW with positive integers, got '" + s + "'");
            }
        }
        return new Shape(dims);
    }

    private static Shape defaultInput(String model, int chnIn) {
        int size = Names.normalize(model).contains("imagenet") ? 224 : 32;
        return new Shape(chnIn, size, size);
    }

    private static String show(Shape s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.dimension(); i++) {
            sb.append(i == 0 ? "" : "x").append(s.get(i));
        }
        return sb.toString();
    }

    private static void usage(PrintStream p, Registry registry) {
        p.println("usage: modnas model <model type> [--jars a.jar,b.jar] [key=value ...]");
        p.println();
        p.println("Describes the search space of a base model: its slots (name, channels, stride, choices),");
        p.println("the space size, and params/MACs of the base network (each slot as its published block).");
        p.println();
        p.println("keys:");
        p.println("  n_classes, chn_in, width_coeff, depth_coeff   the model's arguments (see its defaults)");
        p.println("  input=CxHxW                                   input shape (default chn_in x 32 x 32; 224 for ImageNet models)");
        p.println("  primitives=[MB3E3, NIL, ...]                  candidates per slot (default " + String.join(",", DEFAULT_PRIMITIVES) + ")");
        p.println("  mixed_op=Index                                mixed op kind (Index, WeightedSum, BinGate, BinGateUniform, GumbelSum)");
        p.println("  --jars a.jar,b.jar                            your own jars: a model and primitives their provider registers");
        p.println();
        p.println("models: " + String.join(", ", registry.names(ModelsComponents.MODEL)));
        p.println("primitive forms: " + org.modnas.models.space.Primitives.FORMS);
        p.println();
        p.println("example: modnas model CIFAR_MobileNetV2 chn_in=1 input=1x28x28 primitives=[MB3E3,MB5E6,NIL]");
    }
}
