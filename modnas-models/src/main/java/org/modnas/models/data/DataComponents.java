package org.modnas.models.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.modnas.core.registry.ComponentProvider;
import org.modnas.core.registry.ComponentSpec;
import org.modnas.core.registry.Registry;
import org.modnas.core.store.Location;

/** Registers the data sources: FashionMNIST (the default), MNIST, CIFAR10, ImageFolder and Synthetic. */
public final class DataComponents implements ComponentProvider {
    /** Where Debian's {@code dataset-fashion-mnist} package installs Fashion-MNIST. */
    public static final String FASHION_MNIST_DIR = "/usr/share/datasets/fashion-mnist";

    @Override
    public void register(Registry r) {
        r.registerSlot("data.dataset", DataSource.KIND);
        r.registerRange("data.batch_size", ">= 1");
        r.registerRange("data.train_portion", "(0, 1]");
        for (String split : List.of("train", "valid", "test")) {
            r.registerRange("data.limit_" + split, ">= 0");
        }
        r.register(ComponentSpec.builder(DataSource.KIND, "FashionMNIST").aliases("Fashion_MNIST")
                .defaults("root = \"" + FASHION_MNIST_DIR + "\", fetch = true, url = \"" + FashionMnistFetcher.OFFICIAL_URL
                        + "\", cache_dir = null")
                .description("Fashion-MNIST (IDX files, gzipped or not): 60,000 + 10,000 grey 28x28 images, 10 classes; "
                        + "fetched when absent (Debian package, else the official download into cache_dir)")
                .factory(a -> {
                    var c = a.config();
                    Location root = DataFiles.root(c.getString("root"));
                    if (c.getBoolean("fetch") && root.isLocal()) {
                        Path cache = c.hasPath("cache_dir") ? Path.of(c.getString("cache_dir")) : FashionMnistFetcher.defaultCache();
                        root = Location.of(FashionMnistFetcher.ensure(root.path(), cache, c.getString("url"),
                                line -> System.err.println("modnas: " + line)));
                    }
                    return idx("FashionMNIST", root,
                            "Fashion-MNIST is installed by the Debian package dataset-fashion-mnist "
                                    + "(apt-get install dataset-fashion-mnist), or download its four .gz files from "
                                    + FashionMnistFetcher.OFFICIAL_URL + " into a folder and set data.dataset.root to it");
                }));
        r.register(ComponentSpec.builder(DataSource.KIND, "MNIST")
                .defaults("root = null")
                .description("MNIST (IDX files, gzipped or not)")
                .factory(a -> idx("MNIST", requiredRoot(a.config(), "MNIST"),
                        "put the four MNIST IDX files (train-images-idx3-ubyte.gz ...) into a folder and set data.dataset.root")));
        r.register(ComponentSpec.builder(DataSource.KIND, "CIFAR10").aliases("Cifar10", "CIFAR-10")
                .defaults("root = null")
                .description("CIFAR-10 binary version: data_batch_1..5.bin and test_batch.bin")
                .factory(a -> cifar10(requiredRoot(a.config(), "CIFAR10"))));
        r.register(ComponentSpec.builder(DataSource.KIND, "ImageFolder")
                .defaults("root = null, image_size = 32, channels = 3")
                .ranges("image_size", ">= 1")
                .description("root/train/<class>/*.png|jpg and root/test/<class>/..., resized to image_size")
                .factory(a -> {
                    Location root = requiredRoot(a.config(), "ImageFolder");
                    int size = a.config().getInt("image_size");
                    int ch = a.config().getInt("channels");
                    // a tree on another file system is copied whole into this machine's cache, then read as a local one
                    return new Source("ImageFolder:" + root.absolute() + ":" + size + ":" + ch,
                            () -> ImageFolderReader.read("ImageFolder/train", imageTree(root, "train"), size, ch),
                            () -> ImageFolderReader.read("ImageFolder/test", imageTree(root, "test"), size, ch),
                            () -> {
                                ImageFolderReader.check(imageTree(root, "train"), ch);
                                ImageFolderReader.check(imageTree(root, "test"), ch);
                            });
                }));
        r.register(ComponentSpec.builder(DataSource.KIND, "Synthetic")
                .defaults("n_train = 2000, n_test = 500, channels = 1, size = 28, classes = 10, noise = 0.3, seed = 0")
                .ranges("n_train", ">= 1", "n_test", ">= 1", "channels", ">= 1", "size", ">= 1", "classes", ">= 2",
                        "noise", ">= 0")
                .description("seeded synthetic images (class prototypes plus noise), for tests")
                .factory(a -> {
                    var c = a.config();
                    int n = c.getInt("n_train");
                    int t = c.getInt("n_test");
                    int ch = c.getInt("channels");
                    int s = c.getInt("size");
                    int k = c.getInt("classes");
                    double noise = c.getDouble("noise");
                    long seed = c.getLong("seed");
                    // train and test share the class prototypes: one generation, split in two
                    ImageDataset all = SyntheticDataset.generate("Synthetic", seed, n + t, ch, s, s, k, noise);
                    int[] tr = range(0, n);
                    int[] te = range(n, n + t);
                    return new Source("Synthetic:" + c.root().render(com.typesafe.config.ConfigRenderOptions.concise()),
                            () -> all.subset(tr, "Synthetic/train"), () -> all.subset(te, "Synthetic/test"), () -> { });
                }));
    }

    private static int[] range(int from, int to) {
        int[] r = new int[to - from];
        for (int i = 0; i < r.length; i++) {
            r[i] = from + i;
        }
        return r;
    }

    private static Location requiredRoot(com.typesafe.config.Config c, String type) {
        if (!c.hasPath("root")) {
            throw new DataException("data.dataset.root is required for " + type + ": the folder holding its files");
        }
        return DataFiles.root(c.getString("root"));
    }

    /** {@code root/<split>}, as a local folder (a remote one copied into the cache; a missing one named as given). */
    private static Path imageTree(Location root, String split) {
        Location dir = root.resolve(split);
        if (dir.isLocal() || !DataFiles.isFolder(dir)) {
            return dir.isLocal() ? dir.path() : Path.of(dir.toString());
        }
        return DataFiles.localTree(dir);
    }

    private static DataSource idx(String name, Location root, String howToGet) {
        return new Source(name + ":" + root.absolute(),
                () -> images(name + "/train", find(root, "train-images-idx3-ubyte", name, howToGet),
                        find(root, "train-labels-idx1-ubyte", name, howToGet)),
                () -> images(name + "/test", find(root, "t10k-images-idx3-ubyte", name, howToGet),
                        find(root, "t10k-labels-idx1-ubyte", name, howToGet)),
                () -> {
                    for (String split : List.of("train", "t10k")) {
                        Location images = find(root, split + "-images-idx3-ubyte", name, howToGet);
                        Location labels = find(root, split + "-labels-idx1-ubyte", name, howToGet);
                        DataFiles.naming(List.of(images, labels), () -> {
                            IdxReader.check(DataFiles.local(images), DataFiles.local(labels));
                            return null;
                        });
                    }
                });
    }

    private static ImageDataset images(String name, Location images, Location labels) {
        return DataFiles.naming(List.of(images, labels),
                () -> IdxReader.read(name, DataFiles.local(images), DataFiles.local(labels), 10));
    }

    private static Location find(Location root, String base, String name, String howToGet) {
        for (String f : List.of(base + ".gz", base)) {
            Location p = root.resolve(f);
            if (DataFiles.isFile(p)) {
                return p;
            }
        }
        throw new DataException(name + ": " + root.resolve(base + ".gz") + " not found"
                + (DataFiles.isFolder(root) ? "" : " (no folder " + root + ")") + "; " + howToGet);
    }

    private static DataSource cifar10(Location root) {
        Location dir = DataFiles.isFolder(root.resolve("cifar-10-batches-bin")) ? root.resolve("cifar-10-batches-bin") : root;
        List<Location> train = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            train.add(requireFile(dir.resolve("data_batch_" + i + ".bin")));
        }
        Location test = requireFile(dir.resolve("test_batch.bin"));
        List<Location> all = new ArrayList<>(train);
        all.add(test);
        return new Source("CIFAR10:" + dir.absolute(),
                () -> DataFiles.naming(train, () -> Cifar10Reader.read("CIFAR10/train", locals(train))),
                () -> DataFiles.naming(List.of(test), () -> Cifar10Reader.read("CIFAR10/test", locals(List.of(test)))),
                () -> DataFiles.naming(all, () -> {
                    Cifar10Reader.check(locals(all));
                    return null;
                }));
    }

    private static List<Path> locals(List<Location> files) {
        return files.stream().map(DataFiles::local).toList();
    }

    private static Location requireFile(Location p) {
        if (!DataFiles.isFile(p)) {
            throw new DataException("CIFAR10: " + p + " not found; download the CIFAR-10 binary version "
                    + "(cifar-10-binary.tar.gz from https://www.cs.toronto.edu/~kriz/cifar.html), unpack it and set "
                    + "data.dataset.root to the folder holding cifar-10-batches-bin");
        }
        return p;
    }

    /** A data source reading lazily through two suppliers, with a check of its files' headers and sizes. */
    private record Source(String cacheKey, java.util.function.Supplier<ImageDataset> trainReader,
                          java.util.function.Supplier<ImageDataset> testReader, Runnable checker) implements DataSource {
        @Override
        public void check() {
            checker.run();
        }

        @Override
        public ImageDataset train() {
            return trainReader.get();
        }

        @Override
        public ImageDataset test() {
            return testReader.get();
        }
    }
}
