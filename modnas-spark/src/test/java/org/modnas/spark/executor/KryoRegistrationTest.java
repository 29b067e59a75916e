package org.modnas.spark.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.serializer.SerializerInstance;
import org.junit.jupiter.api.Test;
import org.modnas.core.estim.CandidateStatus;
import org.modnas.core.estim.Fidelity;
import org.modnas.spark.driver.SearchSessions;
import org.modnas.spark.trial.Trial;
import scala.reflect.ClassTag$;

/**
 *.3: with registration required, every object that crosses the wire goes through Kryo with
 * the project's registrator, and an unregistered class is caught rather than sent. (A real search
 * with registration required runs in {@code DistributedSearchTest}.)
 */
class KryoRegistrationTest {
    private static SerializerInstance kryo() {
        SparkConf conf = SearchSessions.kryo(new SparkConf(false));
        return new KryoSerializer(conf).newInstance();
    }

    @SuppressWarnings("unchecked")
    private static <T> T roundTrip(SerializerInstance ser, T value) {
        ByteBuffer bytes = ser.serialize(value, ClassTag$.MODULE$.apply(Object.class));
        return (T) ser.deserialize(bytes, ClassTag$.MODULE$.apply(Object.class));
    }

    @Test
    void everyTrialRoundTripsWithRegistrationRequired() {
        SerializerInstance ser = kryo();
        Trial shipped = new Trial(7, "0123456789abcdef", "{\"slot_0\":\"MB3E3\"}", 42, 3, 1, 2,
                new Fidelity(Fidelity.Unit.STEPS, 150, 450, 450, "/runs/r/trials/0123456789abcdef/rung-1.ckpt", null), null);
        Trial ok = shipped.with(new Trial.Result(CandidateStatus.OK, Map.of("accuracy", 0.9, "loss", 0.1), null,
                "3", "host-a", "1", "cpu", 2, 1000L, 2000L, false));
        Trial failed = new Trial(8, "fedcba9876543210", "{}", 1, 0, 0, 0, null, null).with(new Trial.Result(
                CandidateStatus.FAILED, Map.of(), "boom\n\tat x", "driver", "host-b", null, null, -1, 1L, 2L, true));
        for (Trial t : List.of(shipped, ok, failed)) {
            assertEquals(t, roundTrip(ser, t));
        }
    }

    @Test
    void aStagesOutcomeWithItsSupernetRoundTrips() {
        org.modnas.core.arch.ArchDesc best = org.modnas.core.arch.ArchDesc.of(List.of("slot_0", "slot_1"), List.of("MB3E3", "MB5E3"));
        byte[] weights = new byte[100_000];
        new java.util.Random(1).nextBytes(weights);
        StageOutcome ok = StageOutcome.of(new org.modnas.core.estim.StageResult(Map.of("loss", 1.5, "steps", 3.0), best,
                new org.modnas.core.estim.SupernetWeights("warmup", weights)), "1", "host-a", "0");
        StageOutcome back = roundTrip(kryo(), ok);
        assertEquals(null, back.error());
        assertEquals(Map.of("loss", 1.5, "steps", 3.0), back.result().metrics());
        assertEquals(best, back.result().best());
        assertEquals("warmup", back.result().output().producer());
        assertTrue(java.util.Arrays.equals(weights, back.result().output().parameters()));
        assertEquals("executor 1 on host-a (GPU 0)", back.where());
        java.util.List<org.modnas.core.estim.StageEpoch> epochs = java.util.List.of(new org.modnas.core.estim.StageEpoch(1,
                Map.of("accuracy", 0.5), best, java.util.List.of(new org.modnas.core.estim.AlphaRecord("s0", "a", 0.25, 0.6))));
        StageOutcome searched = roundTrip(kryo(), StageOutcome.of(new org.modnas.core.estim.StageResult(Map.of("accuracy", 0.5),
                best, null, epochs), "1", "host-a", null));
        assertEquals(epochs, searched.result().epochs(), "a gradient search's epochs with every alpha");
        StageOutcome failed = roundTrip(kryo(), StageOutcome.failed("boom", "driver", "h", null));
        assertEquals("boom", failed.error());
    }

    @Test
    void aTasksChunkOfTrialsRoundTrips() {
        Trial[] chunk = {new Trial(1, "0123456789abcdef", "{}", 1, 0, 0, 0, null, null).with(new Trial.Result(
                CandidateStatus.OK, Map.of("accuracy", 0.5), null, "0", "h", null, "cpu", 0, 1L, 2L, false)),
            new Trial(2, "fedcba9876543210", "{}", 2, 0, 0, 0, null, null).with(new Trial.Result(
                CandidateStatus.TIMEOUT, Map.of(), "late", "0", "h", null, "gpu:1", 0, 1L, 9L, false))};
        Trial[] back = roundTrip(kryo(), chunk);
        assertEquals(2, back.length);
        assertEquals(CandidateStatus.TIMEOUT, back[1].result().status());
        assertEquals(0.5, back[0].result().metrics().get("accuracy"));
    }

    @Test
    void theRowsOfTheOneElementRddAreRegistered() {
        SerializerInstance ser = kryo();
        Object seq = scala.jdk.javaapi.CollectionConverters.asScala(List.of(0, 1, 2)).toSeq();
        Object arr = scala.collection.immutable.ArraySeq.unsafeWrapArray(new Integer[] {0, 1});
        assertEquals(arr, roundTrip(ser, arr));
        assertTrue(roundTrip(ser, seq) != null);
    }

    /** A stand-in for a project class someone forgot to register. */
    static final class NotRegistered {
        int x = 1;
    }

    @Test
    void aClassCrossingTheWireUnregisteredIsRejected() {
        SerializerInstance ser = kryo();
        Exception e = assertThrows(Exception.class, () -> roundTrip(ser, new NotRegistered()));
        String text = String.valueOf(e.getMessage()) + e.getCause();
        assertTrue(text.contains("Class is not registered") && text.contains("NotRegistered"), text);
    }
}
