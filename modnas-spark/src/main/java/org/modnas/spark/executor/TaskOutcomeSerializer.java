package org.modnas.spark.executor;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Kryo serializer of {@link TaskOutcome}: field by field, so no reflection on final
 * fields and no collection classes of its own cross the wire.
 */
public final class TaskOutcomeSerializer extends Serializer<TaskOutcome> {
    public TaskOutcomeSerializer() {
        setImmutable(true);
    }

    @Override
    public void write(Kryo kryo, Output out, TaskOutcome o) {
        out.writeLong(o.seq);
        out.writeString(o.candidateId);
        out.writeString(o.status);
        out.writeInt(o.metrics.size(), true);
        for (Map.Entry<String, Double> e : o.metrics.entrySet()) {
            out.writeString(e.getKey());
            out.writeDouble(e.getValue());
        }
        out.writeString(o.error);
        out.writeString(o.executorId);
        out.writeString(o.host);
        out.writeString(o.gpu);
        out.writeString(o.device);
        out.writeInt(o.attempt, true);
        out.writeLong(o.startedAtMs);
        out.writeLong(o.finishedAtMs);
        out.writeBoolean(o.fatal);
    }

    @Override
    public TaskOutcome read(Kryo kryo, Input in, Class<TaskOutcome> type) {
        long seq = in.readLong();
        String id = in.readString();
        String status = in.readString();
        int n = in.readInt(true);
        Map<String, Double> metrics = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            metrics.put(in.readString(), in.readDouble());
        }
        return new TaskOutcome(seq, id, status, metrics, in.readString(), in.readString(), in.readString(),
                in.readString(), in.readString(), in.readInt(true), in.readLong(), in.readLong(), in.readBoolean());
    }
}
