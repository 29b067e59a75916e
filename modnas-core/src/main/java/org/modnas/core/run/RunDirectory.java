package org.modnas.core.run;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import org.modnas.core.config.LoadedConfig;
import org.modnas.core.store.Location;

/**
 * The output folder of one run, {@code <output>/<run_id>/}:
 * <pre>
 *   config.conf                          the fully resolved config
 *   candidates/                          the candidates table
 *   optimizer/                           optimizer state snapshots
 *   outputs/arch_&lt;estimator&gt;_best.&lt;ext&gt;  the best arch desc of each estimator
 *   outputs/&lt;estimator&gt;_results.json     each estimator's results
 *   logs/
 *   report/
 * </pre>
 * The folder may be on any file system a {@link Location} reaches ({@code output.dir} a local path
 * or a URI such as {@code hdfs://namenode:8020/runs}). Run ids (and estimator names, which become
 * file names) are restricted to safe file-name characters. Running the same config and run id again finds the same folder, which is how a run
 * resumes.
 */
public final class RunDirectory {
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final int HASH_DIGITS = 8;

    private final Location root;
    private final String runId;

    private RunDirectory(Location root, String runId) {
        this.root = root;
        this.runId = runId;
    }

    /** The folder of run {@code runId} under {@code outputDir}; the id is checked, nothing is created. */
    public static RunDirectory of(Location outputDir, String runId) {
        Objects.requireNonNull(outputDir, "outputDir");
        return new RunDirectory(outputDir.resolve(requireValidRunId(runId)), runId);
    }

    /** The folder of run {@code runId} under the local folder {@code outputDir}. */
    public static RunDirectory of(Path outputDir, String runId) {
        return of(Location.of(Objects.requireNonNull(outputDir, "outputDir")), runId);
    }

    /**
     * The folder a loaded config names: {@code output.dir} and {@code run.id}, or, when {@code run.id}
     * is null, the id {@link #defaultRunId(String, String)} makes from the config's name and hash.
     */
    public static RunDirectory of(LoadedConfig config) {
        String dir = config.config().getString("output.dir");
        String id = config.config().getIsNull("run.id")
                ? defaultRunId(config.name(), config.searchIdentity())
                : config.config().getString("run.id");
        try {
            return of(Location.of(dir), id);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("output.dir: " + e.getMessage(), e);
        }
    }

    /**
     * Checks a run id: 1 to 128 letters, digits, {@code .}, {@code _} or {@code -}, starting with a
     * letter or digit (so it is one plain folder name on every file system).
     *
     * @throws IllegalArgumentException naming the id when it is not
     */
    public static String requireValidRunId(String runId) {
        return requireSafeName(runId, "run id");
    }

    /**
     * The id of a run whose config gives none: the config's name made file-safe, a dash and the first
     * digits of the config hash, e.g. {@code darts-3fa4c2d1}. The same config always gets the same id,
     * so rerunning it resumes; a changed config gets a new one.
     */
    public static String defaultRunId(String configName, String configHash) {
        String base = configName == null ? "" : configName.replaceAll("[^A-Za-z0-9._-]", "_");
        base = base.replaceAll("^[._-]+", "");
        if (base.isEmpty()) {
            base = "run";
        }
        if (base.length() > 100) {
            base = base.substring(0, 100);
        }
        String hash = configHash == null ? "" : configHash.toLowerCase(Locale.ROOT);
        return hash.isEmpty() ? base : base + "-" + hash.substring(0, Math.min(HASH_DIGITS, hash.length()));
    }

    /** Creates the folder and its sub-folders if missing. */
    public RunDirectory create() {
        try {
            for (Location p : new Location[] {root, candidatesDir(), optimizerDir(), outputsDir(), logsDir(), reportDir()}) {
                p.mkdirs();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create run folder " + root + ": " + e.getMessage(), e);
        }
        return this;
    }

    /**
     * Checks, before anything is written, that the run folder can be created and written: the folder
     * itself when it exists, else its nearest existing parent.
     *
     * @throws IllegalArgumentException naming {@code output.dir} and the folder that is in the way
     */
    public void checkWritable() {
        if (!root.isLocal()) {
            checkWritableRemote();
            return;
        }
        Path rootPath = root.path();
        Path p = rootPath.toAbsolutePath();
        while (p != null && !Files.exists(p)) {
            p = p.getParent();
        }
        String what = "output.dir: the run folder " + root + " cannot be ";
        if (p == null) {
            throw new IllegalArgumentException(what + "created: no parent folder of it exists");
        }
        if (!Files.isDirectory(p)) {
            throw new IllegalArgumentException(what + (p.equals(rootPath.toAbsolutePath()) ? "used: " : "created: ") + p
                    + " is a file, not a folder");
        }
        if (!Files.isWritable(p) || !Files.isExecutable(p)) {
            throw new IllegalArgumentException(what + (p.equals(rootPath.toAbsolutePath()) ? "written: " : "created: ")
                    + "the folder " + p + " is not writable by this user");
        }
        // permissions say yes, but some file systems refuse anyway (/proc, /sys, a read-only mount): try, leave nothing
        try {
            Files.delete(Files.createTempDirectory(p, ".modnas-probe-"));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(what + (p.equals(rootPath.toAbsolutePath()) ? "written: " : "created: ")
                    + "a folder cannot be made in " + p + " (the file system refuses it)");
        }
    }

    /**
     * On another file system: the folder is reached, is not a file, and a file can be written and
     * deleted in it or, before it exists, in its nearest existing parent (so the check creates nothing).
     */
    private void checkWritableRemote() {
        try {
            if (root.isFile()) {
                throw new IllegalArgumentException("output.dir: the run folder " + root + " cannot be used: it is a file, "
                        + "not a folder");
            }
            Location existing = root;
            while (existing.parent() != null && !existing.isFolder()) {
                existing = existing.parent();
            }
            Location probe = existing.resolve(".modnas-probe-" + java.util.UUID.randomUUID());
            probe.write(new byte[0]);
            probe.delete();
        } catch (IOException | RuntimeException e) {
            if (e instanceof IllegalArgumentException iae && iae.getMessage().startsWith("output.dir")) {
                throw iae;
            }
            Throwable cause = e instanceof UncheckedIOException u ? u.getCause() : e;
            String why = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage().lines().findFirst().orElse("");
            throw new IllegalArgumentException("output.dir: the run folder " + root + " cannot be written: " + why, e);
        }
    }

    /**
     * Refuses to resume this run with a config whose search identity differs from the one the run was
     * started with ({@code config.conf}), naming the settings that differ, unless
     * {@code run.allow_config_change} is set. A new run, or one started with the same settings, passes.
     *
     * @throws IllegalArgumentException naming the differing settings and how to proceed
     */
    public void checkResumable(LoadedConfig config) {
        if (!exists() || config.config().getBoolean("run.allow_config_change")) {
            return;
        }
        Config stored;
        try {
            stored = ConfigFactory.parseString(configFile().readString()).resolve();
        } catch (ConfigException | IOException e) {
            throw new IllegalArgumentException(configFile() + ": the run's stored config cannot be read (" + e.getMessage()
                    + "); start a new run with another run.id", e);
        }
        List<String> diff = config.searchDifferences(stored);
        if (diff.isEmpty()) {
            return;
        }
        int shown = Math.min(diff.size(), 10);
        throw new IllegalArgumentException("run " + runId + " in " + root + " was started with a different config, and "
                + "resuming it would mix results of two configs. Settings that differ (run's value -> this one's):\n  "
                + String.join("\n  ", diff.subList(0, shown)) + (diff.size() > shown ? "\n  ... and " + (diff.size() - shown)
                + " more" : "") + "\nStart a new run with run.id=<another id> (or leave run.id unset to name runs by "
                + "their config), or continue this one anyway with run.allow_config_change=true. Budget, spark and "
                + "output settings may change on resume.");
    }

    /** True when a run was started here before (its config was written), i.e. starting it again resumes. */
    public boolean exists() {
        try {
            return configFile().isFile();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the run folder " + root + ": " + e.getMessage(), e);
        }
    }

    /** Writes the resolved config text to {@code config.conf}, atomically. */
    public void writeConfig(String hoconText) {
        configFile().write(hoconText);
    }

    public String runId() {
        return runId;
    }

    public Location root() {
        return root;
    }

    public Location configFile() {
        return root.resolve("config.conf");
    }

    public Location candidatesDir() {
        return root.resolve("candidates");
    }

    public Location optimizerDir() {
        return root.resolve("optimizer");
    }

    public Location outputsDir() {
        return root.resolve("outputs");
    }

    /** {@code outputs/arch_<estimator>_best.<ext>}, e.g. {@code arch_search_best.yaml}. */
    public Location bestDescFile(String estimator, String extension) {
        String ext = extension.startsWith(".") ? extension.substring(1) : extension;
        requireSafeName(ext, "file extension");
        return outputsDir().resolve("arch_" + requireSafeName(estimator, "estimator name") + "_best." + ext);
    }

    /** {@code outputs/<estimator>_results.json}. */
    public Location resultsFile(String estimator) {
        return outputsDir().resolve(requireSafeName(estimator, "estimator name") + "_results.json");
    }

    /** {@code chkpt/}: the trained supernets of a chain's stages. */
    public Location checkpointsDir() {
        return root.resolve("chkpt");
    }

    /** {@code chkpt/model_<estimator>.params}: the supernet a stage trained, in the engine's parameter format. */
    public Location supernetFile(String estimator) {
        return checkpointsDir().resolve("model_" + requireSafeName(estimator, "estimator name") + ".params");
    }

    /**
     * {@code chkpt/<stage>.resume}: a stage's progress between epochs (weights, α, both optimizers'
     * state, the schedule position), deleted once the stage's results are written.
     */
    public Location stageResumeFile(String stage) {
        return checkpointsDir().resolve(requireSafeName(stage, "estimator name") + ".resume");
    }

    public Location logsDir() {
        return root.resolve("logs");
    }

    public Location reportDir() {
        return root.resolve("report");
    }

    private static String requireSafeName(String name, String what) {
        if (name == null || !SAFE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(what + " '" + name + "' is not usable as a file name: use 1 to 128 "
                    + "letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        return name;
    }

    @Override
    public String toString() {
        return root.toString();
    }
}
