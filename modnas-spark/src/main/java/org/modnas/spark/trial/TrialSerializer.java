package org.modnas.spark.trial;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.util.LinkedHashMap;
import java.util.Map;
import org.modnas.core.estim.CandidateStatus;
import org.modnas.core.estim.Fidelity;

/**
 * Kryo serializer of {@link Trial}: field by field, so no reflection on records and no collection
 * classes of its own cross the wire.
 */
public final class TrialSerializer extends Serializer<Trial> {
    public TrialSerializer() {
        setImmutable(true);
    }

    @Override
    public void write(Kryo kryo, Output out, Trial t) {
        out.writeLong(t.seq());
        out.writeString(t.candidateId());
        out.writeString(t.descJson());
        out.writeLong(t.seed());
        out.writeInt(t.generation(), true);
        out.writeInt(t.bracket(), true);
        out.writeInt(t.rung(), true);
        Fidelity f = t.fidelity();
        out.writeBoolean(f != null);
        if (f != null) {
            out.writeString(f.unit().name());
            out.writeDouble(f.from());
            out.writeDouble(f.to());
            out.writeDouble(f.max());
            out.writeString(f.resumeFrom());
            out.writeString(f.saveTo());
        }
        Trial.Result r = t.result();
        out.writeBoolean(r != null);
        if (r != null) {
            out.writeString(r.status().name());
            out.writeInt(r.metrics().size(), true);
            for (Map.Entry<String, Double> e : r.metrics().entrySet()) {
                out.writeString(e.getKey());
                out.writeDouble(e.getValue());
            }
            out.writeString(r.error());
            out.writeString(r.executorId());
            out.writeString(r.host());
            out.writeString(r.gpu());
            out.writeString(r.device());
            out.writeInt(r.attempt(), false);
            out.writeLong(r.startedAtMs());
            out.writeLong(r.finishedAtMs());
            out.writeBoolean(r.fatal());
        }
    }

    @Override
    public Trial read(Kryo kryo, Input in, Class<Trial> type) {
        long seq = in.readLong();
        String id = in.readString();
        String desc = in.readString();
        long seed = in.readLong();
        int generation = in.readInt(true);
        int bracket = in.readInt(true);
        int rung = in.readInt(true);
        Fidelity f = null;
        if (in.readBoolean()) {
            f = new Fidelity(Fidelity.Unit.valueOf(in.readString()), in.readDouble(), in.readDouble(), in.readDouble(),
                    in.readString(), in.readString());
        }
        Trial.Result r = null;
        if (in.readBoolean()) {
            CandidateStatus status = CandidateStatus.valueOf(in.readString());
            int n = in.readInt(true);
            Map<String, Double> metrics = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                metrics.put(in.readString(), in.readDouble());
            }
            r = new Trial.Result(status, metrics, in.readString(), in.readString(), in.readString(), in.readString(),
                    in.readString(), in.readInt(false), in.readLong(), in.readLong(), in.readBoolean());
        }
        return new Trial(seq, id, desc, seed, generation, bracket, rung, f, r);
    }
}
