package org.modnas.models.estim;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.function.Consumer;
import org.modnas.core.store.Location;

/**
 * What a stage's resume files share: a header of a format tag and the fingerprint of the config
 * that wrote them (a file of another format or config is ignored), and length-prefixed byte blocks.
 */
final class ResumeFile {
    private ResumeFile() {
    }

    /** Reads what follows the header. */
    @FunctionalInterface
    interface Body<T> {
        T read(DataInputStream in) throws IOException;
    }

    /**
     * The contents of {@code file}, or null when there is none, it was written for another format or
     * config, or it cannot be read (each logged: the stage then starts from scratch).
     */
    static <T> T read(String file, String magic, String fingerprint, Consumer<String> log, Body<T> body) {
        if (file == null) {
            return null;
        }
        try {
            if (!Location.of(file).isFile()) {
                return null;
            }
        } catch (IOException e) {
            log.accept("cannot read " + file + " (" + e.getMessage() + "); starting from scratch");
            return null;
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(Location.of(file).readBytes()))) {
            if (!magic.equals(in.readUTF()) || !fingerprint.equals(in.readUTF())) {
                log.accept(file + " was written for another config; starting from scratch");
                return null;
            }
            return body.read(in);
        } catch (IOException | RuntimeException e) {
            log.accept("cannot read " + file + " (" + e.getMessage() + "); starting from scratch");
            return null;
        }
    }

    /** Writes the header. */
    static void header(DataOutputStream out, String magic, String fingerprint) throws IOException {
        out.writeUTF(magic);
        out.writeUTF(fingerprint);
    }

    static void write(DataOutputStream out, byte[] b) throws IOException {
        out.writeInt(b.length);
        out.write(b);
    }

    static byte[] bytes(DataInputStream in) throws IOException {
        byte[] b = new byte[in.readInt()];
        in.readFully(b);
        return b;
    }
}
