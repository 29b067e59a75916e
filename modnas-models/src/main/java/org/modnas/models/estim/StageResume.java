package org.modnas.models.estim;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;
import org.modnas.core.estim.StageContext;
import org.modnas.core.estim.StageEpoch;
import org.modnas.core.store.Location;
import org.modnas.core.util.Rng;
import org.modnas.models.optim.GradientOptimizer;
import org.modnas.models.train.ImageTrainer;

/**
 * A gradient search's progress after an epoch, in the stage's resume file: the epochs done, the
 * supernet's parameters (weights, α and batch-norm statistics), the weight optimizer's momentum, the
 * arch optimizer's state, the generators of the mixed ops and the dropout layers, the epoch records
 * and the training time. The
 * data order follows from the seed and the epoch, so a search resumed from it continues exactly as
 * the uninterrupted one. A file written for another config (its fingerprint differs) is ignored.
 */
final class StageResume {
    private static final String MAGIC = "modnas-stage-resume-1";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String file;
    private final String fingerprint;

    /** @param file the resume file, or null for none */
    StageResume(String file, String fingerprint) {
        this.file = file;
        this.fingerprint = fingerprint;
    }

    /** The fingerprint of the config this file belongs to. */
    String fingerprint() {
        return fingerprint;
    }

    /** What decides the training: the stage, its seed and the sections it reads. */
    static String fingerprint(Config root, StageContext ctx) {
        StringBuilder b = new StringBuilder(ctx.name()).append('\n').append(ctx.seed()).append('\n');
        for (String section : List.of("search_space", "data", "trainer", "search.optim", "search.estim." + ctx.name())) {
            if (root.hasPath(section)) {
                b.append(section).append('=').append(root.getValue(section).render(ConfigRenderOptions.concise())).append('\n');
            }
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The progress saved in the file, or null when there is none for this config. */
    State read(Consumer<String> log) {
        return ResumeFile.read(file, MAGIC, fingerprint, log, in -> {
            int epochs = in.readInt();
            double seconds = in.readDouble();
            byte[] parameters = ResumeFile.bytes(in);
            byte[] trainer = ResumeFile.bytes(in);
            JsonNode optimizer = JSON.readTree(ResumeFile.bytes(in));
            long[] generators = new long[in.readInt()];
            for (int i = 0; i < generators.length; i++) {
                generators[i] = in.readLong();
            }
            List<StageEpoch> history = StageEpoch.parse(new String(ResumeFile.bytes(in), StandardCharsets.UTF_8));
            return new State(epochs, seconds, parameters, trainer, optimizer, generators, history);
        });
    }

    /** Saves the progress after {@code epochsDone} epochs, replacing the file atomically. */
    void write(int epochsDone, Block network, ImageTrainer trainer, GradientOptimizer optimizer, List<Rng> generators,
               List<StageEpoch> history, double trainSeconds) {
        if (file == null) {
            return;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            ResumeFile.header(out, MAGIC, fingerprint);
            out.writeInt(epochsDone);
            out.writeDouble(trainSeconds);
            ResumeFile.write(out, TrainingSetup.parameters(network));
            ByteArrayOutputStream state = new ByteArrayOutputStream();
            try (DataOutputStream s = new DataOutputStream(state)) {
                trainer.writeState(s);
            }
            ResumeFile.write(out, state.toByteArray());
            ResumeFile.write(out, JSON.writeValueAsBytes(optimizer.state()));
            out.writeInt(generators.size());
            for (Rng g : generators) {
                out.writeLong(g.state());
            }
            ResumeFile.write(out, StageEpoch.toJson(history).toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            Location.of(file).write(bytes.toByteArray());
        } catch (UncheckedIOException e) {
            throw new UncheckedIOException("cannot write the stage's resume file " + file + ": " + e.getCause().getMessage(),
                    e.getCause());
        }
    }



    /** Saved progress. */
    record State(int epochsDone, double trainSeconds, byte[] parameters, byte[] trainerState, JsonNode optimizerState,
                 long[] generators, List<StageEpoch> history) {
        /** Loads the saved parameters into the supernet (before a trainer is made for it). */
        void load(Block network, NDManager manager) {
            try {
                TrainingSetup.load(network, parameters, manager);
            } catch (IOException | MalformedModelException e) {
                throw new IllegalStateException("the resume file does not fit the supernet: " + e.getMessage(), e);
            }
        }

        /** Restores the trainer's, the optimizer's and the generators' state. */
        void restore(ImageTrainer trainer, GradientOptimizer optimizer, List<Rng> generators) {
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(trainerState))) {
                trainer.readState(in);
            } catch (IOException e) {
                throw new IllegalStateException("the resume file's optimizer state does not fit: " + e.getMessage(), e);
            }
            optimizer.restore(optimizerState);
            if (this.generators.length != generators.size()) {
                throw new IllegalStateException("the resume file has " + this.generators.length + " generators, the supernet "
                        + generators.size());
            }
            for (int i = 0; i < generators.size(); i++) {
                generators.get(i).setState(this.generators[i]);
            }
        }
    }
}
