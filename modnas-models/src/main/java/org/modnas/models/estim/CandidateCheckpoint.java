package org.modnas.models.estim;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;
import org.modnas.core.store.Location;
import org.modnas.models.layers.SeededDropout;
import org.modnas.models.train.ImageTrainer;

/**
 * A candidate's training state at a rung of a multi-fidelity schedule: the training step reached,
 * its parameters (batch-norm statistics included), the weight optimizer's momentum and the state of
 * its dropout generators. The data order follows from the seed and the step, so a candidate
 * continued from this file on any executor trains exactly as one that never stopped.
 */
record CandidateCheckpoint(long step, byte[] parameters, byte[] trainerState, long[] generators) {
    private static final String MAGIC = "modnas-candidate-checkpoint-1";

    /** Writes the state of {@code network} and {@code trainer} after {@code step} steps, atomically. */
    static void write(Location file, long step, Block network, ImageTrainer trainer) {
        try {
            ByteArrayOutputStream state = new ByteArrayOutputStream();
            try (DataOutputStream s = new DataOutputStream(state)) {
                trainer.writeState(s);
            }
            byte[] parameters = TrainingSetup.parameters(network);
            List<SeededDropout> dropouts = SeededDropout.all(network);
            file.write((OutputStream raw) -> {
                DataOutputStream out = new DataOutputStream(raw);
                out.writeUTF(MAGIC);
                out.writeLong(step);
                out.writeInt(parameters.length);
                out.write(parameters);
                out.writeInt(state.size());
                out.write(state.toByteArray());
                out.writeInt(dropouts.size());
                for (SeededDropout d : dropouts) {
                    out.writeLong(d.generator().state());
                }
                out.flush();
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the candidate checkpoint " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads a checkpoint; fails naming the file when it is missing or not one. */
    static CandidateCheckpoint read(Location file) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(file.readBytes()))) {
            if (!MAGIC.equals(in.readUTF())) {
                throw new IOException("not a candidate checkpoint");
            }
            long step = in.readLong();
            byte[] parameters = new byte[in.readInt()];
            in.readFully(parameters);
            byte[] trainer = new byte[in.readInt()];
            in.readFully(trainer);
            long[] generators = new long[in.readInt()];
            for (int i = 0; i < generators.length; i++) {
                generators[i] = in.readLong();
            }
            return new CandidateCheckpoint(step, parameters, trainer, generators);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the candidate checkpoint " + file + " (is the run folder on a "
                    + "file system every executor shares?): " + e.getMessage(), e);
        }
    }

    /** Loads the parameters into the network, before a trainer is made for it. */
    void load(Block network, NDManager manager) {
        try {
            TrainingSetup.load(network, parameters, manager);
        } catch (IOException | MalformedModelException e) {
            throw new IllegalStateException("the checkpoint does not fit the candidate's network: " + e.getMessage(), e);
        }
    }

    /** Restores the trainer's momentum and the dropout generators. */
    void restore(ImageTrainer trainer, Block network) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(trainerState))) {
            trainer.readState(in);
        } catch (IOException e) {
            throw new IllegalStateException("the checkpoint's optimizer state does not fit: " + e.getMessage(), e);
        }
        List<SeededDropout> dropouts = SeededDropout.all(network);
        if (dropouts.size() != generators.length) {
            throw new IllegalStateException("the checkpoint has " + generators.length + " dropout generators, the network "
                    + dropouts.size());
        }
        for (int i = 0; i < generators.length; i++) {
            dropouts.get(i).generator().setState(generators[i]);
        }
    }
}
