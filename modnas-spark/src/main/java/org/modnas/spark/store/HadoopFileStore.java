package org.modnas.spark.store;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkEnv;
import org.apache.spark.deploy.SparkHadoopUtil;
import org.modnas.core.store.FileStore;
import org.modnas.core.store.Location;

/**
 * Every file system Hadoop's client reaches, through its {@link FileSystem} API, on the driver and
 * on executors: the settings are Spark's ({@code spark.hadoop.*}) once Spark runs, Hadoop's defaults
 * before. A whole-file write goes to a hidden name in the same folder and is renamed over the target
 * (one step on HDFS); on object stores, whose rename is a copy, a reader still never sees part of a
 * file, since an object appears only once its upload completes. Create-if-absent is one step where
 * the file system makes it one (HDFS; S3A from Hadoop 3.4.2 with conditional writes).
 */
public final class HadoopFileStore implements FileStore {
    /**
     * Hadoop settings a search uses unless its {@code spark.conf} gives them: HDFS's client waits
     * 400 ms before it first asks again whether a file it closed is complete, which makes every small
     * file (a checkpoint, a snapshot, a table file) cost about 190 ms; 20 ms makes it about 35 ms.
     */
    public static final java.util.Map<String, String> DEFAULTS =
            java.util.Map.of("dfs.client.block.write.locateFollowingBlock.initial.delay.ms", "20");

    /** The schemes served by {@link org.modnas.core.store.LocalFileStore} or nobody. */
    private static final List<String> NOT_HADOOP = List.of("file", "http", "https", "jar");

    @Override
    public boolean handles(String scheme) {
        if (NOT_HADOOP.contains(scheme)) {
            return false;
        }
        try {
            FileSystem.getFileSystemClass(scheme, configuration());
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Hadoop's settings: Spark's when Spark runs in this JVM, else Hadoop's defaults. */
    public static Configuration configuration() {
        return current().hadoop();
    }

    private static Settings current() {
        SparkEnv env = SparkEnv.get();
        Settings s = settings;
        if (s == null || s.env() != env) {
            s = new Settings(env, env == null ? beforeSpark : SparkHadoopUtil.get().newConfiguration(env.conf()));
            settings = s;
        }
        return s;
    }

    /**
     * The Hadoop settings of a config's {@code spark.conf} ({@code "spark.hadoop.<key>"} entries), used
     * before Spark starts: the checks of the run folder and the data before any work.
     */
    public static void useSettings(com.typesafe.config.Config sparkConf) {
        Configuration c = new Configuration();
        DEFAULTS.forEach(c::set);
        for (java.util.Map.Entry<String, com.typesafe.config.ConfigValue> e : sparkConf.entrySet()) {
            String key = com.typesafe.config.ConfigUtil.splitPath(e.getKey()).stream().collect(java.util.stream.Collectors.joining("."));
            if (key.startsWith("spark.hadoop.")) {
                c.set(key.substring("spark.hadoop.".length()), String.valueOf(e.getValue().unwrapped()));
            }
        }
        beforeSpark = c;
        settings = null;
    }

    private static volatile Configuration beforeSpark = withDefaults(new Configuration());

    private static Configuration withDefaults(Configuration c) {
        DEFAULTS.forEach(c::set);
        return c;
    }

    /** Hadoop's settings made for one Spark environment (or none), and the file contexts made with them. */
    private record Settings(SparkEnv env, Configuration hadoop, java.util.Map<java.net.URI, FileContext> contexts) {
        Settings(SparkEnv env, Configuration hadoop) {
            this(env, hadoop, new java.util.concurrent.ConcurrentHashMap<>());
        }
    }

    /** The file context of {@code fs}'s file system, made once per file system (each holds a client of it). */
    private static FileContext context(FileSystem fs) throws org.apache.hadoop.fs.UnsupportedFileSystemException {
        Settings s = current();
        FileContext c = s.contexts().get(fs.getUri());
        if (c == null) {
            c = FileContext.getFileContext(fs.getUri(), fs.getConf());
            s.contexts().put(fs.getUri(), c);
        }
        return c;
    }

    private static volatile Settings settings;

    private static Path path(Location l) {
        return new Path(l.uri());
    }

    private static FileSystem fs(Location l) throws IOException {
        return FileSystem.get(l.uri(), configuration());
    }

    private static FileStatus status(Location l) throws IOException {
        try {
            return fs(l).getFileStatus(path(l));
        } catch (FileNotFoundException e) {
            return null;
        }
    }

    @Override
    public boolean isFile(Location file) throws IOException {
        FileStatus s = status(file);
        return s != null && s.isFile();
    }

    @Override
    public boolean isFolder(Location folder) throws IOException {
        FileStatus s = status(folder);
        return s != null && s.isDirectory();
    }

    @Override
    public long length(Location file) throws IOException {
        return fs(file).getFileStatus(path(file)).getLen();
    }

    @Override
    public long modifiedMillis(Location file) throws IOException {
        return fs(file).getFileStatus(path(file)).getModificationTime();
    }

    @Override
    public InputStream open(Location file) throws IOException {
        return fs(file).open(path(file));
    }

    @Override
    public void write(Location file, Content content) throws IOException {
        FileSystem fs = fs(file);
        Path target = path(file);
        Path tmp = new Path(target.getParent(), "." + target.getName() + "." + UUID.randomUUID() + ".tmp");
        boolean done = false;
        try {
            try (FSDataOutputStream out = fs.create(tmp, false)) {
                content.writeTo(out);
                out.hflush();
            }
            replace(fs, tmp, target);
            done = true;
        } finally {
            if (!done) {
                deleteQuietly(fs, tmp);
            }
            if (fs instanceof org.apache.hadoop.fs.ChecksumFileSystem) {
                deleteQuietly(fs, new Path(tmp.getParent(), "." + tmp.getName() + ".crc"));
            }
        }
    }

    /** Renames {@code tmp} over {@code target}: in one step where the file system can replace, else delete then rename. */
    private static void replace(FileSystem fs, Path tmp, Path target) throws IOException {
        try {
            context(fs).rename(tmp, target, Options.Rename.OVERWRITE);
            return;
        } catch (UnsupportedOperationException | org.apache.hadoop.fs.UnsupportedFileSystemException e) {
            // no AbstractFileSystem binding for this scheme: the two-step way below
        }
        if (!fs.rename(tmp, target)) {
            fs.delete(target, false);
            if (!fs.rename(tmp, target)) {
                throw new IOException("cannot rename " + tmp + " to " + target);
            }
        }
    }

    private static void deleteQuietly(FileSystem fs, Path p) {
        try {
            fs.delete(p, false);
        } catch (IOException e) {
            // nothing to clean up
        }
    }

    @Override
    public OutputStream create(Location file) throws IOException {
        FSDataOutputStream stream = fs(file).create(path(file), true);
        return new java.io.FilterOutputStream(stream) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                stream.write(b, off, len);
            }

            @Override
            public void flush() throws IOException {
                stream.hflush();
            }
        };
    }

    @Override
    public boolean createNew(Location file, byte[] bytes) throws IOException {
        FileSystem fs = fs(file);
        Path p = path(file);
        fs.mkdirs(p.getParent());
        try (FSDataOutputStream out = fs.createFile(p).overwrite(false).build()) {
            out.write(bytes);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().toLowerCase(Locale.ROOT).contains("already exists")) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public void touch(Location file) throws IOException {
        try {
            fs(file).setTimes(path(file), System.currentTimeMillis(), -1);
        } catch (UnsupportedOperationException e) {
            // object stores keep no settable time: rewrite the file, which renews its time
            byte[] bytes = file.readBytes();
            try (FSDataOutputStream out = fs(file).create(path(file), true)) {
                out.write(bytes);
            }
        }
    }

    @Override
    public List<Location> list(Location folder) throws IOException {
        FileStatus s = status(folder);
        if (s == null || !s.isDirectory()) {
            return List.of();
        }
        return Arrays.stream(fs(folder).listStatus(path(folder)))
                .map(st -> st.getPath().getName())
                .filter(n -> !n.endsWith(".crc"))
                .sorted(Comparator.naturalOrder())
                .map(folder::resolve)
                .toList();
    }

    @Override
    public boolean delete(Location location, boolean recursive) throws IOException {
        return fs(location).delete(path(location), recursive);
    }

    @Override
    public boolean rename(Location from, Location to) throws IOException {
        FileSystem fs = fs(from);
        if (fs.exists(path(to))) {
            return false;
        }
        try {
            return fs.rename(path(from), path(to));
        } catch (FileNotFoundException | FileAlreadyExistsException e) {
            return false;
        }
    }

    @Override
    public void mkdirs(Location folder) throws IOException {
        FileSystem fs = fs(folder);
        if (!fs.mkdirs(path(folder)) && !fs.getFileStatus(path(folder)).isDirectory()) {
            throw new IOException("cannot create the folder " + folder);
        }
    }

    @Override
    public String guarantees() {
        return "Hadoop file system: whole-file writes by rename (atomic on HDFS), create-if-absent as the file system "
                + "provides it (one step on HDFS)";
    }
}
