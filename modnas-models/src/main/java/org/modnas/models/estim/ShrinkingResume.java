package org.modnas.models.estim;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;
import org.modnas.core.estim.StageEpoch;
import org.modnas.core.store.Location;

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
        return ResumeFile.read(file, MAGIC, fingerprint, log, in -> {
            int done = in.readInt();
            double seconds = in.readDouble();
            byte[] parameters = ResumeFile.bytes(in);
            byte[] momentum = ResumeFile.bytes(in);
            long sampler = in.readLong();
            List<StageEpoch> records = StageEpoch.parse(new String(ResumeFile.bytes(in), StandardCharsets.UTF_8));
            return new State(done, parameters, momentum, sampler, records, seconds);
        });
    }

    /** Saves the progress, replacing the file atomically. */
    void write(State s) {
        if (file == null) {
            return;
        }
        Location.of(file).write((OutputStream raw) -> {
            DataOutputStream out = new DataOutputStream(raw);
            ResumeFile.header(out, MAGIC, fingerprint);
            out.writeInt(s.stagesDone());
            out.writeDouble(s.seconds());
            ResumeFile.write(out, s.parameters());
            ResumeFile.write(out, s.momentum() == null ? new byte[0] : s.momentum());
            out.writeLong(s.sampler());
            ResumeFile.write(out, StageEpoch.toJson(s.records()).toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
        });
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
