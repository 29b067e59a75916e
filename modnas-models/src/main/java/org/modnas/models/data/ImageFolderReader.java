package org.modnas.models.data;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * Reads an image folder: one sub-folder per class (sorted by name = label order), images in PNG,
 * JPEG, BMP or GIF, each resized to {@code size × size} with {@code channels} 1 (grey) or 3 (RGB).
 */
public final class ImageFolderReader {
    private ImageFolderReader() {
    }

    /** Checks the folder's layout (class sub-folders) and the channel count without reading any image. */
    public static void check(Path root, int channels) {
        classes(root, channels);
    }

    public static ImageDataset read(String name, Path root, int size, int channels) {
        List<Path> classes = classes(root, channels);
        List<byte[]> images = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (int c = 0; c < classes.size(); c++) {
            List<Path> files;
            try (Stream<Path> s = Files.list(classes.get(c))) {
                files = s.filter(p -> isImage(p.getFileName().toString())).sorted().toList();
            } catch (IOException e) {
                throw new DataException(classes.get(c) + ": cannot list (" + e + ")", e);
            }
            for (Path f : files) {
                images.add(load(f, size, channels));
                labels.add(c);
            }
        }
        if (images.isEmpty()) {
            throw new DataException(root + ": no images found in its class folders");
        }
        int n = images.size();
        int per = channels * size * size;
        byte[] pixels = new byte[n * per];
        int[] ls = new int[n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(images.get(i), 0, pixels, i * per, per);
            ls[i] = labels.get(i);
        }
        return new ImageDataset(name, pixels, ls, channels, size, size, classes.size());
    }

    private static boolean isImage(String f) {
        String l = f.toLowerCase(Locale.ROOT);
        return l.endsWith(".png") || l.endsWith(".jpg") || l.endsWith(".jpeg") || l.endsWith(".bmp") || l.endsWith(".gif");
    }

    private static byte[] load(Path f, int size, int channels) {
        BufferedImage img;
        try {
            img = ImageIO.read(f.toFile());
        } catch (IOException e) {
            throw new DataException(f + ": cannot decode image (" + e.getMessage() + ")", e);
        }
        if (img == null) {
            throw new DataException(f + ": not a readable image");
        }
        BufferedImage scaled = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = scaled.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(img, 0, 0, size, size, null);
        g.dispose();
        byte[] out = new byte[channels * size * size];
        int plane = size * size;
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int rgb = scaled.getRGB(x, y);
                int r = (rgb >> 16) & 0xFF;
                int gr = (rgb >> 8) & 0xFF;
                int b = rgb & 0xFF;
                int k = y * size + x;
                if (channels == 1) {
                    out[k] = (byte) Math.round(0.299 * r + 0.587 * gr + 0.114 * b);
                } else {
                    out[k] = (byte) r;
                    out[plane + k] = (byte) gr;
                    out[2 * plane + k] = (byte) b;
                }
            }
        }
        return out;
    }

    /** The class sub-folders of {@code root}, sorted by name (the label order), after checking the channel count. */
    private static List<Path> classes(Path root, int channels) {
        if (channels != 1 && channels != 3) {
            throw new DataException(root + ": channels must be 1 or 3, got " + channels);
        }
        if (!Files.isDirectory(root)) {
            throw new DataException(root + ": image folder not found");
        }
        List<Path> classes;
        try (Stream<Path> s = Files.list(root)) {
            classes = s.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw new DataException(root + ": cannot list (" + e + ")", e);
        }
        if (classes.isEmpty()) {
            throw new DataException(root + ": no class sub-folders (expected one folder per class)");
        }
        return classes;
    }
}
