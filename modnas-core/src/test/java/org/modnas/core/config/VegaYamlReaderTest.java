package org.modnas.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VegaYamlReaderTest {
    private static final String FILE = "conf/x.yml";

    @TempDir
    Path dir;

    private final VegaYamlReader reader = new VegaYamlReader(TestRegistries.withComponents());

    private Config read(String yaml) {
        return reader.read(yaml, FILE);
    }

    private ConfigError failure(String yaml) {
        return assertThrows(ConfigError.class, () -> read(yaml));
    }

    private static void assertHasProblem(ConfigError e, String expected) {
        assertTrue(e.problems().contains(expected), () -> "expected problem\n  " + expected + "\ngot\n  "
                + String.join("\n  ", e.problems()));
    }

    @Test
    void mapsTheDesignDocumentsFlatLayout() {
        Config c = read("""
                search_space:
                  type: SearchSpace
                  modules: ['custom']
                  custom:
                    type: ModNasArchSpace
                    model:
                      type: CIFAR_MobileNetV2_GPU
                    construct:
                      mixed_op:
                        type: BinGate
                        primitives:
                          - MB3E3
                          - MB7E6
                search_algorithm:
                  type: ModNasAlgorithm
                  optim:
                    type: BinaryGateOptim
                trainer:
                  type: Trainer
                  callbacks: ModNasTrainerCallback
                  modnas:
                    estim:
                      warmup:
                        type: DefaultEstimator
                        epochs: 20
                      search:
                        type: SuperNetEstimator
                        epochs: 100
                  valid_interval: 0
                  lazy_built: True
                  epochs: 120
                """);
        assertEquals("CIFAR_MobileNetV2_GPU", c.getString("search_space.model.type"));
        assertEquals("DefaultMixedOpConstructor", c.getString("search_space.construct.mixed_op.type"));
        assertEquals("BinGate", c.getString("search_space.construct.mixed_op.mixed_op"));
        assertEquals(List.of("MB3E3", "MB7E6"), c.getStringList("search_space.construct.mixed_op.primitives"));
        assertEquals("BinaryGateOptim", c.getString("search.optim.type"));
        assertEquals("DefaultEstimator", c.getString("search.estim.warmup.type"));
        assertFalse(c.hasPath("search.estim.warmup.epochs"));
        assertEquals(20, c.getInt("trainer.epochs"), "a DefaultEstimator trains for trainer.epochs");
        assertEquals(Map.of("type", "SuperNetEstimator", "epochs", 100), c.getObject("search.estim.search").unwrapped());
    }

    @Test
    void acceptsTheThreeComponentForms() {
        Config c = read("""
                search_space:
                  custom:
                    model: [CIFAR_MobileNetV2, {n_classes: 10, width_coeff: 0.5}]
                    construct:
                      first: DefaultOpConstructor
                      second: [DefaultSlotArchDescConstructor, {arch_desc: [MB3E3]}]
                      third: {type: DefaultOpConstructor, args: {op: MB3E6}}
                      fourth: [DefaultOpConstructor]
                      off: null
                """);
        assertEquals(Map.of("type", "CIFAR_MobileNetV2", "n_classes", 10, "width_coeff", 0.5),
                c.getObject("search_space.model").unwrapped());
        assertEquals(Map.of("type", "DefaultOpConstructor"), c.getObject("search_space.construct.first").unwrapped());
        assertEquals(Map.of("type", "DefaultSlotArchDescConstructor", "arch_desc", List.of("MB3E3")),
                c.getObject("search_space.construct.second").unwrapped());
        assertEquals(Map.of("type", "DefaultOpConstructor", "op", "MB3E6"), c.getObject("search_space.construct.third").unwrapped());
        assertEquals(Map.of("type", "DefaultOpConstructor"), c.getObject("search_space.construct.fourth").unwrapped());
        assertTrue(c.getIsNull("search_space.construct.off"));
    }

    @Test
    void mapsTheSearchAndAugmentSectionsOfTheCurrentLayout() {
        Config c = read("""
                search_space:
                  custom:
                    model: {type: CIFAR_MobileNetV2_GPU, args: {n_classes: 10}}
                    search:
                      mixed_op:
                        type: SoftmaxSumMixedOp
                        candidates: [MB3E3, MB3E6]
                    augment:
                      construct:
                        predefined: MobileNetV2PredefinedConstructor
                    arch_desc: [MB3E3, MB3E6]
                """);
        assertEquals(Map.of("type", "DefaultMixedOpConstructor", "mixed_op", "SoftmaxSumMixedOp",
                "candidates", List.of("MB3E3", "MB3E6")), c.getObject("search_space.construct.mixed_op").unwrapped());
        assertEquals("MobileNetV2PredefinedConstructor", c.getString("search_space.desc_construct.predefined.type"));
        assertEquals(List.of("MB3E3", "MB3E6"), c.getStringList("search_space.arch_desc"));
    }

    @Test
    void aMixedOpWithArgumentsBecomesAnObjectAndAConstructorEntryStaysAConstructor() {
        // custom.mixed_op and construct.mixed_op both write the construct entry 'mixed_op'
        ConfigError e = failure("""
                search_space:
                  custom:
                    mixed_op: {type: GumbelSum, temperature: 10, candidates: [MB3E3]}
                    construct:
                      mixed_op: {type: Index, candidates: [MB5E3]}
                """);
        assertHasProblem(e, FILE + ":5: key 'search_space.custom.construct.mixed_op.candidates' = [MB5E3] and key "
                + "'search_space.custom.mixed_op.candidates' (line 3) = [MB3E3] both set "
                + "'search_space.construct.mixed_op.candidates', which holds one value here");
        Config gumbel = read("""
                search_space:
                  custom:
                    mixed_op: {type: GumbelSum, temperature: 10, candidates: [MB3E3]}
                """);
        assertEquals(Map.of("type", "GumbelSum", "temperature", 10), gumbel.getObject("search_space.construct.mixed_op.mixed_op").unwrapped());
        Config ctor = read("""
                search_space:
                  custom:
                    construct:
                      mixed_op:
                        type: DefaultMixedOpConstructor
                        args:
                          mixed_op: [WeightedSum, {}]
                          candidates: [MB3E3]
                """);
        assertEquals("DefaultMixedOpConstructor", ctor.getString("search_space.construct.mixed_op.type"));
        assertEquals(Map.of("type", "WeightedSum"), ctor.getObject("search_space.construct.mixed_op.mixed_op").unwrapped());
        assertEquals(List.of("MB3E3"), ctor.getStringList("search_space.construct.mixed_op.candidates"));
    }

    @Test
    void mapsDataSetAndTrainerSettings() {
        Config c = read("""
                dataset:
                  type: Cifar10
                  common:
                    data_path: /data/cifar10
                    batch_size: 32
                    train_portion: 0.5
                    num_workers: 4
                trainer:
                  epochs: 7
                  grad_clip: 2
                  optimizer:
                    type: SGD
                    params: {lr: 0.1, momentum: 0.8, weight_decay: !!float 1e-4, nesterov: True}
                  lr_scheduler:
                    type: CosineAnnealingLR
                    params: {T_max: 600.0}
                """);
        assertEquals("CIFAR10", c.getString("data.dataset.type"));
        assertEquals("/data/cifar10", c.getString("data.dataset.root"));
        assertEquals(32, c.getInt("data.batch_size"));
        assertEquals(0.5, c.getDouble("data.train_portion"));
        assertFalse(c.hasPath("data.num_workers"));
        assertEquals(7, c.getInt("trainer.epochs"), "a train step's epochs are the training epochs");
        assertEquals(2, c.getInt("trainer.grad_clip"));
        assertEquals(0.1, c.getDouble("trainer.lr"));
        assertEquals(0.8, c.getDouble("trainer.momentum"));
        assertEquals(1e-4, c.getDouble("trainer.weight_decay"));
        assertTrue(c.getBoolean("trainer.nesterov"));
        assertEquals(0, c.getDouble("trainer.eta_min"), "PyTorch's CosineAnnealingLR default");
        Config flat = read("data: {type: FashionMnist, root: /d, batch_size: 8}\n");
        assertEquals(Map.of("type", "FashionMNIST", "root", "/d"), flat.getObject("data.dataset").unwrapped());
    }

    @Test
    void theSearchStepWinsAndTheTrainStepFillsTheRest() {
        Config c = read("""
                pipeline: [nas, fully_train]
                nas:
                  pipe_step: {type: SearchPipeStep}
                  dataset: {type: Cifar10, common: {data_path: /d, batch_size: 64, train_portion: 0.8}}
                  search_algorithm: {optim: {type: EvolutionOptim, args: {pop_size: 20}}}
                  trainer:
                    epochs: 100
                    modnas:
                      estim:
                        search: {type: SubNetEstim, epochs: 3, arch_update_batch: 4, subnet_epochs: 0,
                                 args: {num_bn_batch: 200, clear_subnet_bn: True}}
                    lr_scheduler: {type: CosineAnnealingLR, params: {T_max: 50.0, eta_min: 0.001}}
                fully_train:
                  pipe_step: {type: TrainPipeStep, models_folder: '{local_base_path}/output/nas/'}
                  search_space:
                    custom:
                      desc_construct: {arch_desc: DefaultSlotArchDescConstructor}
                  trainer:
                    ref: nas.trainer
                    epochs: 2
                    lr_scheduler: {type: CosineAnnealingLR, params: {T_max: 600.0}}
                  dataset: {type: Cifar10, common: {data_path: /d, batch_size: 128, train_portion: 1}}
                """);
        assertEquals(0.8, c.getDouble("data.train_portion"));
        assertEquals(64, c.getInt("data.batch_size"));
        assertEquals(0.001, c.getDouble("trainer.eta_min"));
        assertEquals(2, c.getInt("trainer.epochs"), "the search step's trainer.epochs only defaults estimators");
        assertEquals(20, c.getInt("search.optim.population_size"));
        assertEquals(12, c.getInt("search.budget.candidates"), "SubNetEstim: epochs x arch_update_batch candidates");
        assertEquals(Map.of("type", "SubNetEstim", "subnet_epochs", 0, "num_bn_batch", 200),
                c.getObject("search.estim.search").unwrapped());
        assertEquals("DefaultSlotArchDescConstructor", c.getString("search_space.desc_construct.arch_desc.type"));
    }

    @Test
    void estimatorsWithoutEpochsTakeTheSearchStepsTrainerEpochs() {
        Config c = read("""
                trainer:
                  epochs: 5
                  modnas:
                    estim:
                      train: DefaultEstim
                      search: SubNetEstim
                      other: {type: SuperNetEstim}
                """);
        assertEquals(5, c.getInt("trainer.epochs"));
        assertEquals(5, c.getInt("search.budget.candidates"));
        assertFalse(c.hasPath("search.estim.other.epochs"));
    }

    @Test
    void valuesCarryTheYamlFileAndLineSoChainsRunInWrittenOrder() {
        Config c = read("""
                trainer:
                  modnas:
                    estim:
                      zeta: {type: DefaultEstim}
                      alpha: {type: SuperNetEstim}
                """);
        assertEquals(FILE, c.getValue("search.estim.alpha.type").origin().filename());
        assertEquals(5, c.getValue("search.estim.alpha.type").origin().lineNumber());
        List<String> order = ConfigChains.entries(c, "search.estim", List.of(FILE)).stream()
                .map(ConfigChains.Entry::name).toList();
        assertEquals(List.of("zeta", "alpha"), order);
    }

    @Test
    void reportsKeysWithoutEquivalentWithLineAndKeyPathAllTogether() {
        ConfigError e = failure("""
                general:
                  backend: tensorflow
                  parallel_search: True
                pipeline: [nas]
                nas:
                  search_space:
                    type: SearchSpace
                    modules: [custom, other]
                    custom:
                      type: ModNasArchSpace
                      hyperparams: 3
                  trainer:
                    type: Trainer
                    callbacks: [ModNasTrainerCallback, Other]
                    optimizer: {type: Adam, params: {lr: 0.1, betas: [0.9, 0.99]}}
                    lr_scheduler: {type: StepLR, params: {step_size: 3}}
                    modnas:
                      vega_train: True
                      estim:
                        s: {type: SubNetEstim, clear_subnet_bn: False}
                  evaluator: {}
                extra: 1
                """);
        assertEquals(List.of(
                FILE + ":2: key 'general.backend' must be pytorch or torch here, got 'tensorflow'",
                FILE + ":3: key 'general.parallel_search' has no equivalent in this layout (only 'backend' (pytorch) is read from 'general')",
                FILE + ":8: key 'nas.search_space.modules' must be [custom] (the ModularNAS search space), got [custom, other]",
                FILE + ":11: key 'nas.search_space.custom.hyperparams' has no equivalent in this layout (custom holds type, "
                        + "model, construct, desc_construct, mixed_op, arch_desc, search, augment, proc and fully_train)",
                FILE + ":14: key 'nas.trainer.callbacks' must be ModNasTrainerCallback here, got 'Other'",
                FILE + ":15: key 'nas.trainer.optimizer.type' must be SGD here, got 'Adam'",
                FILE + ":15: key 'nas.trainer.optimizer.betas' has no equivalent in this layout (the SGD optimizer is read "
                        + "from lr, momentum, weight_decay and nesterov)",
                FILE + ":16: key 'nas.trainer.lr_scheduler.type' must be CosineAnnealingLR here, got 'StepLR'",
                FILE + ":16: key 'nas.trainer.lr_scheduler.step_size' has no equivalent in this layout (the cosine schedule "
                        + "is read from eta_min (T_max is ignored))",
                FILE + ":18: key 'nas.trainer.modnas.vega_train' has no equivalent in this layout (modnas holds optim, "
                        + "estim, export, import and the search-space keys (model, construct, desc_construct, mixed_op, "
                        + "arch_desc, search, augment))",
                FILE + ":20: key 'nas.trainer.modnas.estim.s.clear_subnet_bn' can only be true here: each candidate's "
                        + "batch-norm statistics are recomputed from empty",
                FILE + ":21: key 'nas.evaluator' has no equivalent in this layout (a step holds pipe_step, dataset, "
                        + "search_algorithm, search_space, model and trainer)",
                FILE + ":22: unknown key 'extra': not 'general', 'pipeline' or a step named in 'pipeline' [nas]"),
                e.problems());
    }

    @Test
    void reportsMalformedComponentsAndArgumentsGivenTwice() {
        ConfigError e = failure("""
                search_algorithm:
                  optim: [EvolutionOptim, 3]
                search_space:
                  custom:
                    model: 7
                    construct:
                      a: {type: DefaultOpConstructor, op: MB3E3, args: {op: MB5E3}}
                      b: {type: DefaultOpConstructor, args: [1]}
                    mixed_op: {candidates: [MB3E3]}
                """);
        assertEquals(List.of(
                FILE + ":2: key 'search_algorithm.optim' must be a component: Name, [Name, {args}] or "
                        + "{type: Name, args: {...}}, got [EvolutionOptim, 3]",
                FILE + ":5: key 'search_space.custom.model' must be a component: Name, [Name, {args}] or "
                        + "{type: Name, args: {...}}, got 7",
                FILE + ":7: key 'search_space.custom.construct.a.args.op' is also given as "
                        + "'search_space.custom.construct.a.op'; give it once",
                FILE + ":8: key 'search_space.custom.construct.b.args' must be a mapping of arguments, got [1]",
                FILE + ":9: key 'search_space.custom.mixed_op' names no mixed op type (e.g. SoftmaxSumMixedOp, "
                        + "BinaryGateMixedOp, IndexMixedOp)"),
                e.problems());
    }

    @Test
    void reportsPipelineProblems() {
        ConfigError e = failure("""
                pipeline: [nas, more, fully_train, missing]
                nas: {pipe_step: {type: SearchPipeStep}}
                more: {pipe_step: {type: SearchPipeStep}}
                fully_train: {pipe_step: {type: HpoPipeStep}}
                """);
        assertEquals(List.of(
                FILE + ":1: step 'missing' is named in 'pipeline' but has no section",
                FILE + ":3: step 'more' is a second search step (after 'nas'); this layout maps one search step and one train step",
                FILE + ":4: key 'fully_train.pipe_step.type': unsupported pipe step 'HpoPipeStep'; known: SearchPipeStep, TrainPipeStep"),
                e.problems());
        assertEquals(List.of(FILE + ":1: key 'pipeline' must be a list of step names, e.g. [nas, fully_train], got 'nas'"),
                failure("pipeline: nas\n").problems());
    }

    @Test
    void reportsConflictingValuesWithinAStep() {
        ConfigError e = failure("""
                search_algorithm: {optim: RandomSearchOptim}
                trainer:
                  modnas:
                    optim: GridSearchOptim
                """);
        assertEquals(List.of(FILE + ":4: key 'trainer.modnas.optim.type' = 'GridSearchOptim' and key "
                + "'search_algorithm.optim.type' (line 1) = 'RandomSearchOptim' both set 'search.optim.type', "
                + "which holds one value here"), e.problems());
    }

    @Test
    void reportsYamlSyntaxErrorsAndDuplicateKeysWithTheirLine() {
        ConfigError dup = failure("trainer:\n  epochs: 1\n  epochs: 2\n");
        assertEquals(List.of(FILE + ":3: syntax error: key 'epochs' written twice in one mapping (first at line 2)"),
                dup.problems());
        ConfigError bad = failure("trainer:\n  epochs: [1\n");
        assertTrue(bad.problems().get(0).startsWith(FILE + ":"), bad.getMessage());
        assertTrue(bad.problems().get(0).contains("syntax error"), bad.getMessage());
        assertEquals(List.of(FILE + ":1: the config must be a mapping of keys, got [1, 2]"), failure("[1, 2]\n").problems());
    }

    @Test
    void dropsTheDocumentedIgnoredKeys() {
        Config c = read("""
                pipeline: [nas]
                nas:
                  pipe_step: {type: SearchPipeStep, models_folder: x, load_weights: False}
                  search_space:
                    custom:
                      device_ids: '0'
                  trainer:
                    valid_interval: 0
                    lazy_built: True
                    load_weights_file: False
                    ref: nas.trainer
                    modnas:
                      import: [modnas.contrib.x]
                      estim:
                        ps: {type: ProgressiveShrinkingEstim, save_arch_desc: True, save_freq: 0}
                """);
        assertEquals(Map.of("type", "ProgressiveShrinkingEstim"), c.getObject("search.estim.ps").unwrapped());
        assertEquals(List.of("search"), List.copyOf(c.root().keySet()));
        assertTrue(VegaYamlReader.IGNORED_KEYS.containsAll(List.of("device_ids", "lazy_built", "valid_interval")));
    }

    @Test
    void loadAnyValidatesAYamlFileLikeAHoconFile() throws IOException {
        ConfigLoader loader = new ConfigLoader(TestRegistries.withComponents());
        Path yml = dir.resolve("search.yml");
        Files.writeString(yml, "search_algorithm:\n  optim: [EvolutionOptim, {pop_size: 20}]\n");
        LoadedConfig loaded = loader.loadAny(yml, List.of("search.budget.candidates=5"));
        assertEquals(20, loaded.config().getInt("search.optim.population_size"));
        assertEquals(5, loaded.config().getInt("search.budget.candidates"));
        assertEquals("search", loaded.name());

        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "search_algorithm:\n  optim:\n    type: EvolutionOptim\n    n_offsprings: 1\n");
        ConfigError e = assertThrows(ConfigError.class, () -> loader.loadAny(bad, List.of()));
        assertEquals(1, e.problems().size(), e.getMessage());
        assertTrue(e.problems().get(0).startsWith(bad + ":4: unknown key 'search.optim.n_offsprings'"), e.getMessage());

        Path conf = dir.resolve("a.conf");
        Files.writeString(conf, "search.optim { type = EvolutionOptim, population_size = 30 }\n");
        assertEquals(30, loader.loadAny(conf, List.of()).config().getInt("search.optim.population_size"));

        ConfigError missing = assertThrows(ConfigError.class, () -> loader.loadAny(dir.resolve("none.yml"), List.of()));
        assertEquals(List.of(dir.resolve("none.yml") + ": config file not found"), missing.problems());
    }

    @Test
    void picksTheReaderByExtension() {
        assertTrue(VegaYamlReader.isYaml(Path.of("conf/vega/darts.yml")));
        assertTrue(VegaYamlReader.isYaml(Path.of("A.YAML")));
        assertFalse(VegaYamlReader.isYaml(Path.of("conf/mbv2.conf")));
        assertFalse(VegaYamlReader.isYaml(Path.of("x.json")));
    }
}
