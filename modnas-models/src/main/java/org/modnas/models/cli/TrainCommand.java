package org.modnas.models.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.modnas.core.arch.ArchDesc;
import org.modnas.core.config.ConfigLoader;
import org.modnas.core.config.LoadedConfig;
import org.modnas.core.estim.CandidateContext;
import org.modnas.core.export.DescFiles;
import org.modnas.core.registry.Registry;
import org.modnas.core.registry.UserJars;
import org.modnas.core.run.RunDirectory;
import org.modnas.core.store.Location;
import org.modnas.models.estim.DefaultEstimator;
import org.modnas.models.train.Devices;
import org.modnas.models.space.ArchDescs;
import org.modnas.models.space.SearchSpace;
import org.modnas.models.space.Spaces;

/**
 * {@code modnas train <config> --arch <desc file> [key=value ...]}: retrains an
 * exported architecture. Builds the network the desc names with the {@code desc_construct} chain,
 * trains it for {@code trainer.epochs}, reports validation and test accuracy, and writes
 * {@code outputs/train_results.json}, {@code outputs/arch_train.yaml} and the trained parameters
 * {@code outputs/model_train.params} into the run folder.
 */
public final class TrainCommand {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private TrainCommand() {
    }

    public static int run(List<String> args, PrintStream out, PrintStream err) {
        try {
            return train(args, out, err);
        } catch (IllegalArgumentException e) {
            // config errors, descs that do not fit, missing or corrupt data: the user can act on the message
            err.println("modnas train: " + e.getMessage());
            return 2;
        }
    }

    private static int train(List<String> args, PrintStream out, PrintStream err) {
        if (args.contains("--help") || args.contains("-h")) {
            usage(out);
            return 0;
        }
        args = new ArrayList<>(args);
        UserJars.load(UserJars.takeOption(args), Registry.global());
        String config = null;
        String arch = null;
        String fromSupernet = null;
        List<String> overrides = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--arch")) {
                if (i + 1 >= args.size()) {
                    err.println("modnas train: --arch needs a desc file");
                    return 2;
                }
                arch = args.get(++i);
            } else if (a.startsWith("--arch=")) {
                arch = a.substring("--arch=".length());
            } else if (a.equals("--from-supernet")) {
                if (i + 1 >= args.size()) {
                    err.println("modnas train: --from-supernet needs the supernet's parameters file");
                    return 2;
                }
                fromSupernet = args.get(++i);
            } else if (a.startsWith("-")) {
                err.println("modnas train: unknown option '" + a + "'");
                usage(err);
                return 2;
            } else if (config == null && !a.contains("=")) {
                config = a;
            } else {
                overrides.add(a);
            }
        }
        if (config == null) {
            err.println("modnas train: no config file given");
            usage(err);
            return 2;
        }
        LoadedConfig loaded = new ConfigLoader().loadAny(Path.of(config), overrides);
        Config root = loaded.config();
        Object rawDesc;
        if (arch != null) {
            Location file = Location.of(arch);
            if (!isFile(file)) {
                err.println("modnas train: desc file " + file + " not found");
                return 2;
            }
            rawDesc = DescFiles.readValue(file);
        } else {
            // search_space.arch_desc, or a desc_construct chain that needs none (e.g. the predefined network)
            rawDesc = null;
        }
        long seed = root.getLong("run.seed");
        // build once to check the desc against the network before any training starts
        SearchSpace net = Spaces.buildFromDesc(root.getConfig("search_space"), Registry.global(), seed, rawDesc);
        ArchDesc desc = net.exportDesc();
        if (arch != null && namesEverySlot(rawDesc, net)) {
            List<Object> asked = ArchDescs.perSlot(rawDesc, net.slots());
            boolean same = asked.size() == desc.size();
            for (int i = 0; same && i < asked.size(); i++) {
                // null: the slot as the chain builds it (the fixed first block of an elastic layout)
                same = asked.get(i) == null || asked.get(i).equals(desc.value(i));
            }
            if (!same) {
                err.println("modnas train: the desc_construct chain of " + config + " built " + desc.values()
                        + ", not the architecture " + arch + " names (" + asked + "); retrain with the search's"
                        + " config, whose desc_construct builds the desc it is given");
                return 2;
            }
        }
        java.util.function.BiConsumer<SearchSpace, ai.djl.ndarray.NDManager> startFrom = null;
        if (fromSupernet != null) {
            Location file = Location.of(fromSupernet);
            if (!isFile(file)) {
                err.println("modnas train: supernet parameters " + file + " not found");
                return 2;
            }
            startFrom = SupernetStart.of(root, file, desc, seed);
            out.println("modnas train: starting from the weights of the subnet in " + file);
        }
        String device;
        try {
            device = Devices.resolve(root.getString("trainer.device"), null);
        } catch (Devices.NoCudaException e) {
            err.println("modnas train: " + e.getMessage());
            return 1;
        }
        RunDirectory run = RunDirectory.of(loaded).create();
        run.writeConfig(loaded.render());
        DescFiles.write(run.outputsDir().resolve("arch_train.yaml"), desc.values());
        out.println("modnas train: " + desc.size() + " slots on " + Devices.label(device) + ", run folder " + run.root());
        DefaultEstimator estimator = new DefaultEstimator(root, root.hasPath("search.estim.train")
                ? root.getConfig("search.estim.train").withoutPath("type").withFallback(defaults())
                : defaults());
        int threads = root.getInt("trainer.threads");
        Location params = run.outputsDir().resolve("model_train.params");
        Map<String, Double> metrics = estimator.train(desc, new CandidateContext(seed, device, threads, Long.MAX_VALUE),
                params, line -> out.println("  " + line), startFrom);
        ObjectNode results = JSON.createObjectNode();
        results.set("arch_desc", JSON.valueToTree(desc.values()));
        results.set("metrics", JSON.valueToTree(metrics));
        results.put("params_file", params.name());
        try {
            run.resultsFile("train").write(JSON.writeValueAsString(results));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        out.printf("test_accuracy=%.4f accuracy=%.4f params=%d macs=%d%n", metrics.getOrDefault("test_accuracy", Double.NaN),
                metrics.get("accuracy"), metrics.get("params").longValue(), metrics.get("macs").longValue());
        return 0;
    }

    /**
     * Whether a desc has an entry for every slot of the built network; one that leaves out the slots
     * an earlier constructor of the chain builds (a search over the rest exports such) was already
     * checked against the slots it names when the chain built it.
     */
    private static boolean namesEverySlot(Object rawDesc, SearchSpace net) {
        try {
            ArchDescs.perSlot(rawDesc, net.slots());
            return true;
        } catch (org.modnas.core.arch.ArchDescException e) {
            return false;
        }
    }

    private static Config defaults() {
        return com.typesafe.config.ConfigFactory.parseString(DefaultEstimator.DEFAULTS);
    }

    private static void usage(PrintStream p) {
        p.println("Usage: modnas train <config> --arch <desc file> [--from-supernet <params file>] [--jars a.jar,b.jar] [key=value ...]");
        p.println("Retrains an exported architecture: builds it with search_space.desc_construct, trains it for");
        p.println("trainer.epochs, reports validation and test accuracy, and writes results and parameters to");
        p.println("<output.dir>/<run.id>/outputs/. The desc file may be .yaml, .json or .conf (a list with one entry");
        p.println("per slot, e.g. outputs/arch_search_best.yaml of a search). --from-supernet starts from the subnet's");
        p.println("weights in an elastic supernet (e.g. chkpt/model_ps.params of a Once-for-All search) and fine-tunes them.");
        p.println("--jars loads your own jars (a model, primitives, ... and their ComponentProvider) first.");
    }

    private static boolean isFile(Location file) {
        try {
            return file.isFile();
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
