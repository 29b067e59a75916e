package org.modnas.core.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigOriginFactory;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.modnas.core.registry.Kind;
import org.modnas.core.registry.Names;
import org.modnas.core.registry.Registry;
import org.modnas.core.config.YamlTree.Node;

/**
 * Reads a config written in the original ModularNAS-on-Vega YAML layout and maps it onto this
 * project's config model , so that an existing ModularNAS YAML runs unchanged. The result is a
 * {@link Config} whose values carry the YAML file and line as their origin; {@link ConfigLoader}
 * validates it like a HOCON file (see {@link ConfigLoader#loadAny}), so an unknown component or
 * argument is reported with the YAML file, line and key. The full mapping table is in
 * {@code docs/vega-yaml.md}; in short:
 *
 * <ul>
 *   <li>{@code pipeline: [nas, fully_train]} names the steps; a step is a search step
 *       ({@code pipe_step.type: SearchPipeStep}, or named {@code nas}) or a train step
 *       ({@code TrainPipeStep}, or named {@code fully_train}). Without {@code pipeline} the root is
 *       one step (a search step when it has {@code search_algorithm} or {@code trainer.modnas}).
 *       This layout has one {@code data} and one {@code trainer} section: where both steps set the
 *       same key, the search step wins and the train step only fills keys the search step left
 *       unset (retraining then uses e.g. the search step's train portion).</li>
 *   <li>{@code search_space.custom} (or a train step's {@code model.model_desc.custom}):
 *       {@code model} → {@code search_space.model}; {@code construct} and {@code search.construct} →
 *       {@code search_space.construct} ({@code construct} to {@code desc_construct} when
 *       {@code proc: augment} or {@code fully_train: True} selects the retraining routine); {@code desc_construct} and
 *       {@code augment.construct} → {@code search_space.desc_construct}; {@code mixed_op} and
 *       {@code search.mixed_op} {@code {type, candidates|primitives}} → a construct entry
 *       {@code mixed_op} of type {@code DefaultMixedOpConstructor} (a {@code construct.mixed_op}
 *       entry whose type is a mixed op, as in the design document, likewise);
 *       {@code arch_desc} → {@code search_space.arch_desc}.</li>
 *   <li>{@code search_algorithm.optim} or {@code trainer.modnas.optim} → {@code search.optim}
 *       ({@code pop_size} → {@code population_size}); {@code trainer.modnas.estim.*} →
 *       {@code search.estim.*}; {@code trainer.modnas.export.*} → {@code search.export.*}.
 *       An estimator's {@code epochs} (default: the search step's {@code trainer.epochs}, as in the
 *       original) becomes {@code trainer.epochs} for {@code DefaultEstim} and
 *       {@code search.budget.candidates} (times {@code arch_update_batch}) for {@code SubNetEstim};
 *       other estimators keep it as their own argument.</li>
 *   <li>{@code dataset} or {@code data} ({@code type}, and {@code common} or the section itself:
 *       {@code data_path}/{@code root}, {@code batch_size}, {@code train_portion}) →
 *       {@code data.dataset {type, root}}, {@code data.batch_size}, {@code data.train_portion};
 *       {@code Cifar10} → {@code CIFAR10}.</li>
 *   <li>{@code trainer}: a train step's {@code epochs} → {@code trainer.epochs};
 *       {@code optimizer {type: SGD, params: {lr, momentum, weight_decay, nesterov}}} →
 *       {@code trainer.*}; {@code lr_scheduler {type: CosineAnnealingLR, params: {eta_min}}} →
 *       {@code trainer.eta_min} (0 when not given, PyTorch's default); {@code grad_clip}.</li>
 * </ul>
 *
 * <p>A component may be written {@code Name}, {@code [Name, {args}]} or
 * {@code {type: Name, args: {...}}} (keys beside {@code type} are arguments too, as estimators'
 * {@code epochs}); {@code null} switches an entry off.
 *
 * <p>Marker keys must hold the value the original requires and are otherwise dropped:
 * {@code general.backend} (pytorch), {@code search_space.type} (SearchSpace), {@code modules}
 * ([custom]), {@code custom.type} (ModNasArchSpace), {@code search_algorithm.type}
 * (ModNasAlgorithm), {@code trainer.type} (Trainer), {@code trainer.callbacks}
 * (ModNasTrainerCallback), {@code pipe_step.type}, {@code proc} (search | augment),
 * {@code fully_train}, {@code clear_subnet_bn} (true: each candidate's batch-norm statistics start
 * empty here anyway).
 *
 * <p>Keys deliberately ignored ({@link #IGNORED_KEYS}), because they steer the Vega runtime rather
 * than the search: {@code device_ids}, {@code lazy_built}, {@code valid_interval},
 * {@code load_weights_file}, {@code load_weights}, {@code models_folder}, {@code ref} (a train
 * step's trainer always inherits the search step's here), {@code import} (components are
 * registered, never imported), {@code save_arch_desc} and {@code save_freq} (ignored by the original
 * too), {@code T_max} (the cosine schedule spans the training epochs), {@code num_workers}.
 * Every other key without an equivalent is an error naming the file, the line and the YAML key path;
 * all such errors are reported together.
 */
public final class VegaYamlReader {
    /** Keys read and dropped wherever they stand (see the class comment). */
    public static final Set<String> IGNORED_KEYS = Set.of("device_ids", "lazy_built", "valid_interval",
            "load_weights_file", "load_weights", "models_folder", "ref", "import", "save_arch_desc", "save_freq",
            "T_max", "num_workers");

    private static final Map<String, String> DATASET_NAMES = Map.of(
            "cifar10", "CIFAR10", "mnist", "MNIST", "fashionmnist", "FashionMNIST");
    private static final Map<String, String> OPTIM_ARGS = Map.of("pop_size", "population_size");
    private static final String CONSTRUCT = "construct";
    private static final String DESC_CONSTRUCT = "desc_construct";

    private enum StepKind { SEARCH, TRAIN }

    private record Problem(int line, String text) {
    }

    /** One value written into the mapped config, and where it came from. */
    private record Placed(Node node, String from) {
    }

    private final Registry registry;

    /** A reader deciding with {@link Registry#global()} whether a construct entry names a constructor. */
    public VegaYamlReader() {
        this(Registry.global());
    }

    /** A reader deciding with {@code registry} whether a construct entry names a constructor or a mixed op. */
    public VegaYamlReader(Registry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    /** True for the file names this reader is for: {@code .yml} and {@code .yaml}. */
    public static boolean isYaml(Path file) {
        Path name = file.getFileName();
        String n = name == null ? "" : name.toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".yml") || n.endsWith(".yaml");
    }

    /**
     * Reads and maps {@code file}. The result is not validated: pass it to
     * {@link ConfigLoader#load(Config, String, List)} with {@code file.toString()} as the source name,
     * or use {@link ConfigLoader#loadAny}.
     *
     * @throws ConfigError listing every key that has no equivalent, each with file, line and key path
     */
    public Config read(Path file) {
        ConfigLoader.checkReadable(file);
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigError(file + ": config file cannot be read: " + e.getMessage());
        }
        return read(text, file.toString());
    }

    /** Maps YAML {@code text}; {@code sourceName} (a file path) names it in messages and origins. */
    public Config read(String text, String sourceName) {
        Node root;
        try {
            root = YamlTree.parse(text);
        } catch (YamlTree.SyntaxError e) {
            throw new ConfigError(sourceName + (e.line() > 0 ? ":" + e.line() : "") + ": syntax error: " + e.getMessage());
        }
        return new Mapping(sourceName).run(root);
    }

    /** The state of mapping one file: the config being built and the problems found. */
    private final class Mapping {
        private final String source;
        private final List<Problem> problems = new ArrayList<>();
        private final Map<String, Object> out = new LinkedHashMap<>();
        private final Map<String, Placed> placed = new LinkedHashMap<>();
        private boolean fill;

        Mapping(String source) {
            this.source = source;
        }

        Config run(Node root) {
            if (!root.isMap()) {
                problem(root, "the config must be a mapping of keys, got " + describe(root));
                throw error();
            }
            Map<String, Node> top = root.map();
            Node pipeline = top.get("pipeline");
            List<String> stepNames = new ArrayList<>();
            if (pipeline != null) {
                if (!pipeline.isList() || pipeline.list().isEmpty()
                        || pipeline.list().stream().anyMatch(n -> !(n.value() instanceof String))) {
                    problem(pipeline, "key 'pipeline' must be a list of step names, e.g. [nas, fully_train], got "
                            + describe(pipeline));
                } else {
                    pipeline.list().forEach(n -> stepNames.add((String) n.value()));
                }
            }
            Map<StepKind, String> stepOf = new LinkedHashMap<>();
            Map<StepKind, Node> steps = new LinkedHashMap<>();
            for (Map.Entry<String, Node> e : top.entrySet()) {
                String key = e.getKey();
                Node v = e.getValue();
                if (key.equals("pipeline")) {
                    continue;
                }
                if (key.equals("general")) {
                    general(v);
                } else if (pipeline != null && stepNames.contains(key)) {
                    if (!v.isMap()) {
                        problem(v, "step '" + key + "' must be a mapping, got " + describe(v));
                        continue;
                    }
                    StepKind kind = stepKind(key, v);
                    if (kind == null) {
                        continue;
                    }
                    if (steps.containsKey(kind)) {
                        problem(v, "step '" + key + "' is a second " + kind.name().toLowerCase(Locale.ROOT)
                                + " step (after '" + stepOf.get(kind) + "'); this layout maps one search step and one train step");
                        continue;
                    }
                    steps.put(kind, v);
                    stepOf.put(kind, key);
                } else if (pipeline != null) {
                    problem(v, "unknown key '" + key + "': not 'general', 'pipeline' or a step named in 'pipeline' "
                            + stepNames);
                }
            }
            for (String s : stepNames) {
                if (!top.containsKey(s)) {
                    problem(pipeline, "step '" + s + "' is named in 'pipeline' but has no section");
                }
            }
            if (pipeline == null) {
                Map<String, Node> flat = new LinkedHashMap<>(top);
                flat.remove("general");
                Node step = new Node(flat, root.line());
                StepKind kind = stepKind(null, step);
                if (kind != null) {
                    steps.put(kind, step);
                    stepOf.put(kind, "");
                }
            }
            // the search step first: where both steps set a key, its value wins
            for (StepKind kind : List.of(StepKind.SEARCH, StepKind.TRAIN)) {
                if (steps.containsKey(kind)) {
                    fill = kind == StepKind.TRAIN && steps.containsKey(StepKind.SEARCH);
                    step(stepOf.get(kind), kind, steps.get(kind));
                }
            }
            if (!problems.isEmpty()) {
                throw error();
            }
            return toConfigObject(out, 1).toConfig();
        }

        private ConfigError error() {
            List<Problem> sorted = new ArrayList<>(problems);
            sorted.sort(Comparator.comparingInt(Problem::line));
            List<String> lines = new ArrayList<>();
            for (Problem p : sorted) {
                lines.add(source + (p.line > 0 ? ":" + p.line : "") + ": " + p.text);
            }
            return new ConfigError(lines);
        }

        private void problem(Node at, String text) {
            problems.add(new Problem(at == null ? -1 : at.line(), text));
        }

        // ---- steps -------------------------------------------------------------------------

        private void general(Node g) {
            for (Map.Entry<String, Node> e : entries(g, "general")) {
                if (e.getKey().equals("backend")) {
                    marker(e.getValue(), "general.backend", "pytorch", "torch");
                } else {
                    unknown(e.getValue(), "general." + e.getKey(), "only 'backend' (pytorch) is read from 'general'");
                }
            }
        }

        private StepKind stepKind(String name, Node step) {
            Node pipeStep = step.map().get("pipe_step");
            Node type = pipeStep != null && pipeStep.isMap() ? pipeStep.map().get("type") : null;
            String at = prefix(name) + "pipe_step.type";
            if (type != null) {
                String t = String.valueOf(type.value());
                if (Names.normalize(t).equals("searchpipestep")) {
                    return StepKind.SEARCH;
                }
                if (Names.normalize(t).equals("trainpipestep")) {
                    return StepKind.TRAIN;
                }
                problem(type, "key '" + at + "': unsupported pipe step '" + t + "'; known: SearchPipeStep, TrainPipeStep");
                return null;
            }
            if ("nas".equals(name)) {
                return StepKind.SEARCH;
            }
            if ("fully_train".equals(name)) {
                return StepKind.TRAIN;
            }
            Node trainer = step.map().get("trainer");
            boolean search = step.map().containsKey("search_algorithm")
                    || (trainer != null && trainer.isMap() && trainer.map().containsKey("modnas"));
            return search ? StepKind.SEARCH : StepKind.TRAIN;
        }

        private void step(String name, StepKind kind, Node step) {
            String pre = prefix(name);
            Node trainer = step.map().get("trainer");
            Node defaultEpochs = trainer != null && trainer.isMap() ? trainer.map().get("epochs") : null;
            for (Map.Entry<String, Node> e : step.map().entrySet()) {
                String key = e.getKey();
                Node v = e.getValue();
                String at = pre + key;
                switch (key) {
                    case "pipe_step" -> pipeStep(v, at);
                    case "dataset", "data" -> data(v, at);
                    case "search_algorithm" -> searchAlgorithm(v, at);
                    case "search_space" -> searchSpace(v, at);
                    case "model" -> model(v, at);
                    case "trainer" -> trainer(v, at, kind, defaultEpochs);
                    default -> unknown(v, at, "a step holds pipe_step, dataset, search_algorithm, search_space, "
                            + "model and trainer");
                }
            }
        }

        private void pipeStep(Node v, String at) {
            for (Map.Entry<String, Node> e : entries(v, at)) {
                if (!e.getKey().equals("type") && !IGNORED_KEYS.contains(e.getKey())) {
                    unknown(e.getValue(), at + "." + e.getKey(), "pipe_step holds type, models_folder and load_weights");
                }
            }
        }

        // ---- data ---------------------------------------------------------------------------

        private void data(Node v, String at) {
            for (Map.Entry<String, Node> e : entries(v, at)) {
                String key = e.getKey();
                Node n = e.getValue();
                if (key.equals("type")) {
                    String t = String.valueOf(n.value());
                    set("data.dataset.type", new Node(DATASET_NAMES.getOrDefault(Names.normalize(t), t), n.line()), at + ".type");
                } else if (key.equals("common")) {
                    for (Map.Entry<String, Node> c : entries(n, at + ".common")) {
                        dataKey(c.getKey(), c.getValue(), at + ".common." + c.getKey());
                    }
                } else {
                    dataKey(key, n, at + "." + key);
                }
            }
        }

        private void dataKey(String key, Node n, String at) {
            switch (key) {
                case "data_path", "root" -> set("data.dataset.root", n, at);
                case "batch_size" -> set("data.batch_size", n, at);
                case "train_portion" -> set("data.train_portion", n, at);
                default -> {
                    if (!IGNORED_KEYS.contains(key)) {
                        unknown(n, at, "a data set is read from type, data_path (or root), batch_size and train_portion");
                    }
                }
            }
        }

        // ---- search space -------------------------------------------------------------------

        private void searchSpace(Node v, String at) {
            for (Map.Entry<String, Node> e : entries(v, at)) {
                String key = e.getKey();
                Node n = e.getValue();
                switch (key) {
                    case "type" -> marker(n, at + ".type", "SearchSpace");
                    case "modules" -> modules(n, at + ".modules");
                    case "custom" -> custom(n, at + ".custom");
                    default -> unknown(n, at + "." + key, "search_space holds type, modules and custom");
                }
            }
        }

        private void model(Node v, String at) {
            for (Map.Entry<String, Node> e : entries(v, at)) {
                if (!e.getKey().equals("model_desc")) {
                    unknown(e.getValue(), at + "." + e.getKey(), "model holds model_desc");
                    continue;
                }
                String descAt = at + ".model_desc";
                for (Map.Entry<String, Node> d : entries(e.getValue(), descAt)) {
                    switch (d.getKey()) {
                        case "type" -> marker(d.getValue(), descAt + ".type", "SearchSpace");
                        case "modules" -> modules(d.getValue(), descAt + ".modules");
                        case "custom" -> custom(d.getValue(), descAt + ".custom");
                        default -> unknown(d.getValue(), descAt + "." + d.getKey(), "model_desc holds modules and custom");
                    }
                }
            }
        }

        private void modules(Node n, String at) {
            if (!(n.isList() && n.list().size() == 1 && "custom".equals(n.list().get(0).value()))) {
                problem(n, "key '" + at + "' must be [custom] (the ModularNAS search space), got " + describe(n));
            }
        }

        /**
         * The ModNasArchSpace section. As in the original, its {@code construct} chain serves the search
         * routine unless {@code proc: augment} (or {@code fully_train: True}) selects retraining.
         */
        private void custom(Node v, String at) {
            if (!v.isMap()) {
                entries(v, at);
                return;
            }
            String routine = "search";
            Node proc = v.map().get("proc");
            Node fullyTrain = v.map().get("fully_train");
            if (proc != null) {
                if (marker(proc, at + ".proc", "search", "augment")) {
                    routine = String.valueOf(proc.value()).toLowerCase(Locale.ROOT);
                }
            } else if (fullyTrain != null) {
                if (!(fullyTrain.value() instanceof Boolean)) {
                    problem(fullyTrain, "key '" + at + ".fully_train' must be true or false, got " + describe(fullyTrain));
                } else if ((Boolean) fullyTrain.value()) {
                    routine = "augment";
                }
            }
            String main = routine.equals("search") ? CONSTRUCT : DESC_CONSTRUCT;
            for (Map.Entry<String, Node> e : v.map().entrySet()) {
                String key = e.getKey();
                Node n = e.getValue();
                String k = at + "." + key;
                switch (key) {
                    case "type" -> marker(n, k, "ModNasArchSpace");
                    case "proc" -> { }
                    case "fully_train" -> {
                        if (proc != null && !(fullyTrain.value() instanceof Boolean)) {
                            problem(n, "key '" + k + "' must be true or false, got " + describe(n));
                        }
                    }
                    default -> {
                        if (!spaceKey(key, n, k, main) && !IGNORED_KEYS.contains(key)) {
                            unknown(n, k, "custom holds type, model, construct, desc_construct, mixed_op, arch_desc, "
                                    + "search, augment, proc and fully_train");
                        }
                    }
                }
            }
        }

        /** Maps one search-space key; false when {@code key} is none. */
        private boolean spaceKey(String key, Node n, String at, String mainChain) {
            switch (key) {
                case "model" -> component("search_space.model", n, at, null);
                case "construct" -> chain(mainChain, n, at);
                case "desc_construct" -> chain(DESC_CONSTRUCT, n, at);
                case "mixed_op" -> mixedOp(mainChain, n, at);
                case "arch_desc" -> set("search_space.arch_desc", n, at);
                case "search", "augment" -> {
                    String chain = key.equals("search") ? CONSTRUCT : DESC_CONSTRUCT;
                    for (Map.Entry<String, Node> e : entries(n, at)) {
                        String k = at + "." + e.getKey();
                        switch (e.getKey()) {
                            case "construct" -> chain(chain, e.getValue(), k);
                            case "mixed_op" -> mixedOp(chain, e.getValue(), k);
                            case "arch_desc" -> set("search_space.arch_desc", e.getValue(), k);
                            default -> unknown(e.getValue(), k, key + " holds construct, mixed_op and arch_desc");
                        }
                    }
                }
                default -> {
                    return false;
                }
            }
            return true;
        }

        /** A constructor chain: named entries, each a component spec. */
        private void chain(String chain, Node n, String at) {
            for (Map.Entry<String, Node> e : entries(n, at)) {
                String name = e.getKey();
                Node spec = e.getValue();
                String k = at + "." + name;
                if (name.equals("mixed_op") && !spec.isNull() && !namesConstructor(typeOf(spec))) {
                    mixedOp(chain, spec, k);
                } else {
                    component("search_space." + chain + "." + name, spec, k, null);
                }
            }
        }

        /** A mixed-op section {@code {type: <mixed op>, candidates|primitives: [...]}} as a DefaultMixedOpConstructor entry. */
        private void mixedOp(String chain, Node n, String at) {
            Map<String, Node> spec = spec(n, at);
            if (spec == null) {
                return;
            }
            Node type = spec.remove("type");
            if (type == null) {
                problem(n, "key '" + at + "' names no mixed op type (e.g. SoftmaxSumMixedOp, BinaryGateMixedOp, IndexMixedOp)");
                return;
            }
            Map<String, Node> entry = new LinkedHashMap<>();
            entry.put("type", new Node("DefaultMixedOpConstructor", type.line()));
            for (String list : List.of("candidates", "primitives")) {
                Node l = spec.remove(list);
                if (l != null) {
                    entry.put(list, l);
                }
            }
            if (spec.isEmpty()) {
                entry.put("mixed_op", type);
            } else {
                Map<String, Node> op = new LinkedHashMap<>();
                op.put("type", type);
                op.putAll(spec);
                entry.put("mixed_op", new Node(op, type.line()));
            }
            setEntry("search_space." + chain + ".mixed_op", entry, at);
        }

        private boolean namesConstructor(String type) {
            if (type == null) {
                return true;
            }
            Kind<?> kind = registry.slots().get("search_space.construct.*");
            if (kind != null) {
                return registry.contains(kind, type);
            }
            return Names.normalize(type).endsWith("constructor");
        }

        // ---- search algorithm and trainer -----------------------------------------------------

        private void searchAlgorithm(Node v, String at) {
            for (Map.Entry<String, Node> e : entries(v, at)) {
                switch (e.getKey()) {
                    case "type" -> marker(e.getValue(), at + ".type", "ModNasAlgorithm");
                    case "optim" -> optim(e.getValue(), at + ".optim");
                    default -> unknown(e.getValue(), at + "." + e.getKey(), "search_algorithm holds type and optim");
                }
            }
        }

        private void optim(Node n, String at) {
            Map<String, Node> spec = spec(n, at);
            if (spec == null) {
                return;
            }
            Map<String, Node> renamed = new LinkedHashMap<>();
            spec.forEach((k, v) -> renamed.put(OPTIM_ARGS.getOrDefault(k, k), v));
            setEntry("search.optim", renamed, at);
        }

        private void trainer(Node v, String at, StepKind kind, Node defaultEpochs) {
            for (Map.Entry<String, Node> e : entries(v, at)) {
                String key = e.getKey();
                Node n = e.getValue();
                String k = at + "." + key;
                switch (key) {
                    case "type" -> marker(n, k, "Trainer");
                    case "callbacks" -> callbacks(n, k);
                    case "modnas" -> modnas(n, k, defaultEpochs);
                    case "epochs" -> {
                        // in a search step this is only the estimators' default, applied in modnas()
                        if (kind == StepKind.TRAIN) {
                            set("trainer.epochs", n, k);
                        }
                    }
                    case "optimizer" -> sgd(n, k);
                    case "lr_scheduler" -> cosine(n, k);
                    case "grad_clip" -> set("trainer.grad_clip", n, k);
                    default -> {
                        if (!IGNORED_KEYS.contains(key)) {
                            unknown(n, k, "trainer holds type, callbacks, modnas, epochs, optimizer, lr_scheduler and grad_clip");
                        }
                    }
                }
            }
        }

        private void callbacks(Node n, String at) {
            List<Node> items = n.isList() ? n.list() : List.of(n);
            for (Node i : items) {
                marker(i, at, "ModNasTrainerCallback");
            }
        }

        private void sgd(Node n, String at) {
            Map<String, Node> spec = spec(n, at, "params");
            if (spec == null) {
                return;
            }
            for (Map.Entry<String, Node> e : spec.entrySet()) {
                String k = at + "." + e.getKey();
                switch (e.getKey()) {
                    case "type" -> marker(e.getValue(), k, "SGD");
                    case "lr", "momentum", "weight_decay", "nesterov" -> set("trainer." + e.getKey(), e.getValue(), k);
                    default -> unknown(e.getValue(), k, "the SGD optimizer is read from lr, momentum, weight_decay and nesterov");
                }
            }
        }

        private void cosine(Node n, String at) {
            Map<String, Node> spec = spec(n, at, "params");
            if (spec == null) {
                return;
            }
            boolean etaMin = false;
            for (Map.Entry<String, Node> e : spec.entrySet()) {
                String k = at + "." + e.getKey();
                switch (e.getKey()) {
                    case "type" -> marker(e.getValue(), k, "CosineAnnealingLR");
                    case "eta_min" -> {
                        set("trainer.eta_min", e.getValue(), k);
                        etaMin = true;
                    }
                    default -> {
                        if (!IGNORED_KEYS.contains(e.getKey())) {
                            unknown(e.getValue(), k, "the cosine schedule is read from eta_min (T_max is ignored)");
                        }
                    }
                }
            }
            if (!etaMin) {
                set("trainer.eta_min", new Node(0, n.line()), at + " (PyTorch's default eta_min)");
            }
        }

        /** The {@code trainer.modnas} section: optimizer, estimators, exporters and search-space keys. */
        private void modnas(Node v, String at, Node defaultEpochs) {
            for (Map.Entry<String, Node> e : entries(v, at)) {
                String key = e.getKey();
                Node n = e.getValue();
                String k = at + "." + key;
                switch (key) {
                    case "optim" -> optim(n, k);
                    case "estim" -> {
                        for (Map.Entry<String, Node> s : entries(n, k)) {
                            estimator(s.getKey(), s.getValue(), k + "." + s.getKey(), defaultEpochs);
                        }
                    }
                    case "export" -> {
                        for (Map.Entry<String, Node> s : entries(n, k)) {
                            component("search.export." + s.getKey(), s.getValue(), k + "." + s.getKey(), null);
                        }
                    }
                    default -> {
                        if (!spaceKey(key, n, k, CONSTRUCT) && !IGNORED_KEYS.contains(key)) {
                            unknown(n, k, "modnas holds optim, estim, export, import and the search-space keys "
                                    + "(model, construct, desc_construct, mixed_op, arch_desc, search, augment)");
                        }
                    }
                }
            }
        }

        private void estimator(String name, Node n, String at, Node defaultEpochs) {
            String target = "search.estim." + name;
            if (n.isNull()) {
                setEntry(target, null, at);
                return;
            }
            Map<String, Node> spec = spec(n, at);
            if (spec == null) {
                return;
            }
            spec.keySet().removeAll(IGNORED_KEYS);
            String type = spec.containsKey("type") ? String.valueOf(spec.get("type").value()) : "";
            String norm = Names.normalize(type);
            Node epochs = spec.containsKey("epochs") ? spec.get("epochs") : defaultEpochs;
            String epochsFrom = spec.containsKey("epochs") ? at + ".epochs" : "trainer.epochs";
            if (norm.equals("defaultestim") || norm.equals("defaultestimator")) {
                spec.remove("epochs");
                if (epochs != null) {
                    set("trainer.epochs", epochs, epochsFrom);
                }
            } else if (norm.equals("progressiveshrinkingestim") || norm.equals("progressiveshrinkingestimator")) {
                Node criterion = spec.remove("criterion");
                if (criterion != null) {
                    distillation(criterion, at + ".criterion", spec);
                }
            } else if (norm.equals("subnetestim") || norm.equals("subnetestimator")) {
                spec.remove("epochs");
                Node batch = spec.remove("arch_update_batch");
                Node clear = spec.remove("clear_subnet_bn");
                if (clear != null && !Boolean.TRUE.equals(clear.value())) {
                    problem(clear, "key '" + at + ".clear_subnet_bn' can only be true here: each candidate's "
                            + "batch-norm statistics are recomputed from empty");
                }
                if (epochs != null) {
                    candidates(epochs, batch, epochsFrom, at);
                }
            }
            setEntry(target, spec, at);
        }

        /**
         * Progressive shrinking's {@code criterion}: a {@code KnowledgeDistillLoss} entry becomes
         * {@code kd_ratio} (its {@code kd_ratio}, else 0.5); its teacher, built by
         * {@code kd_model_constructor} and loaded by {@code DefaultTorchCheckpointLoader} from
         * {@code chkpt/model_<entry>_best.pt}, is the full network the chain entry before it trained and
         * hands on, so the loader's path is read only to check that it names such an entry; any other
         * path becomes {@code teacher_checkpoint}. Without such an entry distillation is off.
         */
        private void distillation(Node criterion, String at, Map<String, Node> spec) {
            List<Node> entries = criterion.isList() ? criterion.list() : List.of(criterion);
            boolean kd = false;
            for (int i = 0; i < entries.size(); i++) {
                String where = at + "[" + i + "]";
                Map<String, Node> c = spec(entries.get(i), where);
                if (c == null) {
                    continue;
                }
                String type = c.containsKey("type") ? String.valueOf(c.get("type").value()) : "";
                if (!Names.normalize(type).equals("knowledgedistillloss")) {
                    problem(entries.get(i), "key '" + where + ".type' = " + type + ": progressive shrinking here takes "
                            + "KnowledgeDistillLoss only (its loss is otherwise the cross-entropy)");
                    continue;
                }
                kd = true;
                c.remove("type");
                c.remove("mode");
                Node crit = c.remove("crit_conf");
                if (crit != null && !Names.normalize(String.valueOf(crit.isMap() ? crit.map().get("type").value() : crit.value()))
                        .equals("crossentropysofttargetloss")) {
                    problem(crit, "key '" + where + ".crit_conf' must be CrossEntropySoftTargetLoss, the soft cross-entropy "
                            + "on the teacher's softmax");
                }
                Node ratio = c.remove("kd_ratio");
                spec.put("kd_ratio", ratio != null ? ratio : new Node(0.5, entries.get(i).line()));
                Node constructors = c.remove("kd_model_constructor");
                if (constructors != null && constructors.isList()) {
                    for (Node k : constructors.list()) {
                        Node kt = k.isMap() ? k.map().get("type") : null;
                        if (kt == null || !Names.normalize(String.valueOf(kt.value())).equals("defaulttorchcheckpointloader")) {
                            continue; // the teacher's model: the chain's own full network
                        }
                        Map<String, Node> ks = spec(k, where + ".kd_model_constructor");
                        if (ks != null && ks.containsKey("path")) {
                            String path = String.valueOf(ks.get("path").value());
                            if (!path.matches(".*chkpt/model_[A-Za-z0-9_]+_best\\.pt")) {
                                spec.put("teacher_checkpoint", ks.get("path"));
                            }
                        }
                    }
                }
                for (String k : c.keySet()) {
                    unknown(c.get(k), where + "." + k, "KnowledgeDistillLoss holds type, mode, kd_ratio, kd_model_constructor "
                            + "and crit_conf");
                }
            }
            if (!kd) {
                spec.put("kd_ratio", new Node(0.0, criterion.line()));
            }
        }

        /** SubNetEstim evaluates {@code arch_update_batch} candidates per epoch. */
        private void candidates(Node epochs, Node batch, String epochsFrom, String at) {
            if (!(epochs.value() instanceof Number e) || e.doubleValue() != Math.rint(e.doubleValue())) {
                problem(epochs, "key '" + epochsFrom + "' must be a whole number of epochs, got " + describe(epochs));
                return;
            }
            long perEpoch = 1;
            if (batch != null) {
                if (!(batch.value() instanceof Number b) || b.doubleValue() != Math.rint(b.doubleValue())) {
                    problem(batch, "key '" + at + ".arch_update_batch' must be a whole number, got " + describe(batch));
                    return;
                }
                perEpoch = b.longValue();
            }
            set("search.budget.candidates", new Node(e.longValue() * perEpoch, epochs.line()), epochsFrom);
        }

        // ---- building blocks ----------------------------------------------------------------

        /** A component spec written {@code Name}, {@code [Name, {args}]} or {@code {type: Name, args: {...}}}, flattened. */
        private Map<String, Node> spec(Node n, String at) {
            return spec(n, at, "args");
        }

        private Map<String, Node> spec(Node n, String at, String argsKey) {
            Map<String, Node> out = new LinkedHashMap<>();
            if (n.value() instanceof String s) {
                out.put("type", new Node(s, n.line()));
                return out;
            }
            if (n.isList()) {
                List<Node> l = n.list();
                if (l.isEmpty() || l.size() > 2 || !(l.get(0).value() instanceof String)
                        || (l.size() == 2 && !l.get(1).isMap() && !l.get(1).isNull())) {
                    problem(n, "key '" + at + "' must be a component: Name, [Name, {args}] or {type: Name, args: {...}}, got "
                            + describe(n));
                    return null;
                }
                out.put("type", l.get(0));
                if (l.size() == 2 && l.get(1).isMap()) {
                    out.putAll(l.get(1).map());
                }
                return out;
            }
            if (!n.isMap()) {
                problem(n, "key '" + at + "' must be a component: Name, [Name, {args}] or {type: Name, args: {...}}, got "
                        + describe(n));
                return null;
            }
            for (Map.Entry<String, Node> e : n.map().entrySet()) {
                if (e.getKey().equals(argsKey)) {
                    Node args = e.getValue();
                    if (args.isNull()) {
                        continue;
                    }
                    if (!args.isMap()) {
                        problem(args, "key '" + at + "." + argsKey + "' must be a mapping of arguments, got " + describe(args));
                        continue;
                    }
                    for (Map.Entry<String, Node> a : args.map().entrySet()) {
                        if (out.containsKey(a.getKey()) || n.map().containsKey(a.getKey())) {
                            problem(a.getValue(), "key '" + at + "." + argsKey + "." + a.getKey() + "' is also given as '"
                                    + at + "." + a.getKey() + "'; give it once");
                        } else {
                            out.put(a.getKey(), a.getValue());
                        }
                    }
                } else if (!out.containsKey(e.getKey())) {
                    out.put(e.getKey(), e.getValue());
                }
            }
            return out;
        }

        /** A component section at {@code target}; {@code null} in the YAML switches it off. */
        private void component(String target, Node n, String at, String argsKey) {
            if (n.isNull()) {
                setEntry(target, null, at);
                return;
            }
            Map<String, Node> spec = spec(n, at, argsKey == null ? "args" : argsKey);
            if (spec == null) {
                return;
            }
            Node mixed = spec.get("mixed_op");
            if (mixed != null && mixed.isList()) {
                // DefaultMixedOpConstructor's mixed_op may itself be written [Name, {args}]
                Map<String, Node> op = spec(mixed, at + ".mixed_op");
                if (op != null) {
                    spec.put("mixed_op", new Node(op, mixed.line()));
                }
            }
            setEntry(target, spec, at);
        }

        private static String typeOf(Node spec) {
            if (spec.value() instanceof String s) {
                return s;
            }
            if (spec.isList() && !spec.list().isEmpty() && spec.list().get(0).value() instanceof String s) {
                return s;
            }
            if (spec.isMap() && spec.map().get("type") != null && spec.map().get("type").value() instanceof String s) {
                return s;
            }
            return null;
        }

        /** The entries of a mapping; anything else is reported (null is an empty mapping). */
        private List<Map.Entry<String, Node>> entries(Node n, String at) {
            if (n.isNull()) {
                return List.of();
            }
            if (!n.isMap()) {
                problem(n, "key '" + at + "' must be a mapping, got " + describe(n));
                return List.of();
            }
            return new ArrayList<>(n.map().entrySet());
        }

        /** Checks a marker key's value (case and '-', '_' ignored); true when it is one of {@code allowed}. */
        private boolean marker(Node n, String at, String... allowed) {
            if (n.value() instanceof String s) {
                for (String a : allowed) {
                    if (Names.normalize(a).equals(Names.normalize(s))) {
                        return true;
                    }
                }
            }
            problem(n, "key '" + at + "' must be " + String.join(" or ", allowed) + " here, got " + describe(n));
            return false;
        }

        private void unknown(Node n, String at, String hint) {
            problem(n, "key '" + at + "' has no equivalent in this layout (" + hint + ")");
        }

        /** Writes one value; see {@link #fill} for which of two writers wins. */
        private void set(String target, Node value, String from) {
            Placed prev = placed.get(target);
            if (prev != null) {
                if (!fill && !Objects.equals(prev.node.plain(), value.plain())) {
                    problem(value, "key '" + from + "' = " + describe(value) + " and key '" + prev.from + "' (line "
                            + prev.node.line() + ") = " + describe(prev.node) + " both set '" + target
                            + "', which holds one value here");
                }
                return;
            }
            if (fill && prefixTaken(target)) {
                return;
            }
            placed.put(target, new Placed(value, from));
            put(target, value);
        }

        /** Writes one component section as a whole (null: switched off); a train step never overwrites one. */
        private void setEntry(String target, Map<String, Node> spec, String from) {
            if (fill && (placed.containsKey(target) || placedUnder(target))) {
                return;
            }
            if (spec == null) {
                set(target, new Node(null, 0), from);
                return;
            }
            for (Map.Entry<String, Node> e : spec.entrySet()) {
                set(target + "." + e.getKey(), e.getValue(), from + "." + e.getKey());
            }
        }

        private boolean placedUnder(String target) {
            for (String k : placed.keySet()) {
                if (k.startsWith(target + ".")) {
                    return true;
                }
            }
            return false;
        }

        private boolean prefixTaken(String target) {
            for (int i = target.indexOf('.'); i > 0; i = target.indexOf('.', i + 1)) {
                if (placed.containsKey(target.substring(0, i))) {
                    return true;
                }
            }
            return false;
        }

        @SuppressWarnings("unchecked")
        private void put(String target, Node value) {
            String[] keys = target.split("\\.");
            Map<String, Object> m = out;
            for (int i = 0; i < keys.length - 1; i++) {
                Object child = m.get(keys[i]);
                if (!(child instanceof Map)) {
                    child = new LinkedHashMap<String, Object>();
                    m.put(keys[i], child);
                }
                m = (Map<String, Object>) child;
            }
            m.put(keys[keys.length - 1], value);
        }

        // ---- to Typesafe Config -------------------------------------------------------------

        @SuppressWarnings("unchecked")
        private com.typesafe.config.ConfigObject toConfigObject(Map<String, Object> m, int fallbackLine) {
            Map<String, ConfigValue> values = new LinkedHashMap<>();
            int first = Integer.MAX_VALUE;
            for (Map.Entry<String, Object> e : m.entrySet()) {
                ConfigValue v = e.getValue() instanceof Node n ? toValue(n)
                        : toConfigObject((Map<String, Object>) e.getValue(), fallbackLine);
                values.put(e.getKey(), v);
                if (v.origin().lineNumber() > 0) {
                    first = Math.min(first, v.origin().lineNumber());
                }
            }
            ConfigOrigin origin = origin(first == Integer.MAX_VALUE ? fallbackLine : first);
            return (com.typesafe.config.ConfigObject) ConfigValueFactory.fromMap(values).withOrigin(origin);
        }

        private ConfigValue toValue(Node n) {
            ConfigOrigin origin = origin(n.line() > 0 ? n.line() : 1);
            if (n.isMap()) {
                Map<String, ConfigValue> values = new LinkedHashMap<>();
                n.map().forEach((k, v) -> values.put(k, toValue(v)));
                return ConfigValueFactory.fromMap(values).withOrigin(origin);
            }
            if (n.isList()) {
                List<ConfigValue> values = new ArrayList<>();
                n.list().forEach(v -> values.add(toValue(v)));
                return ConfigValueFactory.fromIterable(values).withOrigin(origin);
            }
            Object v = n.value();
            if (v instanceof BigInteger || v instanceof BigDecimal) {
                v = ((Number) v).doubleValue();
            }
            return ConfigValueFactory.fromAnyRef(v, source).withOrigin(origin);
        }

        private ConfigOrigin origin(int line) {
            return ConfigOriginFactory.newFile(source).withLineNumber(line);
        }
    }

    private static String prefix(String step) {
        return step == null || step.isEmpty() ? "" : step + ".";
    }

    private static String describe(Node n) {
        Object p = n.plain();
        if (p == null) {
            return "null";
        }
        String s = p instanceof String str ? "'" + str + "'" : String.valueOf(p);
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }
}
