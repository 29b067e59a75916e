package org.modnas.models.estim;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.modnas.core.estim.StageEpoch;
import org.modnas.core.run.AtomicFiles;

/**
 * Progressive shrinking's progress after each of its stages, in the stage's resume file: the
 * stages done, the supernet's parameters (channels as ranked), the weight optimizer's momentum when
 * it carries over stages, the subnet sampler's state and the records so far. A file written for
 * another config (its fingerprint differs) is ignored.
 */
final class ShrinkingResume {
    private static final String MAGIC = "modnas-shrinking-resume-1";

    private final String file;
    private final String fingerprint;

    ShrinkingResume(String file, String fingerprint) {
        this.file = file;
        this.fingerprint = fingerprint;
    }

    /** Saved progress. */
    record State(int stagesDone, byte[] parameters, byte[] momentum, long sampler, List<StageEpoch> records, double seconds) {
    }

    /** The progress saved in the file, or null when there is none for this config. */
    State read(Consumer<String> log) {
        if (file == null || !Files.isRegularFile(Path.of(file))) {
            return null;
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(Files.readAllBytes(Path.of(file))))) {
            if (!MAGIC.equals(in.readUTF()) || !fingerprint.equals(in.readUTF())) {
                log.accept(file + " was written for another config; starting from scratch");
                return null;
            }
            int done = in.readInt();
            double seconds = in.readDouble();
            byte[] parameters = bytes(in);
            byte[] momentum = bytes(in);
            long sampler = in.readLong();
            List<StageEpoch> records = StageEpoch.parse(new String(bytes(in), StandardCharsets.UTF_8));
            return new State(done, parameters, momentum, sampler, records, seconds);
        } catch (IOException | RuntimeException e) {
            log.accept("cannot read " + file + " (" + e.getMessage() + "); starting from scratch");
            return null;
        }
    }

    /** Saves the progress, replacing the file atomically. */
    void write(State s) {
        if (file == null) {
            return;
        }
        AtomicFiles.write(Path.of(file), (OutputStream raw) -> {
            DataOutputStream out = new DataOutputStream(raw);
            out.writeUTF(MAGIC);
            out.writeUTF(fingerprint);
            out.writeInt(s.stagesDone());
            out.writeDouble(s.seconds());
            write(out, s.parameters());
            write(out, s.momentum() == null ? new byte[0] : s.momentum());
            out.writeLong(s.sampler());
            write(out, StageEpoch.toJson(s.records()).toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
        });
    }

    private static void write(DataOutputStream out, byte[] b) throws IOException {
        out.writeInt(b.length);
        out.write(b);
    }

    private static byte[] bytes(DataInputStream in) throws IOException {
        byte[] b = new byte[in.readInt()];
        in.readFully(b);
        return b;
    }

    /** The momentum of {@code trainer} as bytes. */
    static byte[] momentum(org.modnas.models.train.ImageTrainer trainer) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            trainer.writeState(out);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
