package org.modnas.spark.executor;

import com.esotericsoftware.kryo.Kryo;
import org.apache.spark.serializer.KryoRegistrator;
import org.modnas.spark.trial.Trial;
import org.modnas.spark.trial.TrialSerializer;

/**
 * The project's Kryo registrator, set as {@code spark.kryo.registrator} with
 * {@code spark.kryo.registrationRequired=true}: it registers every project class that crosses the
 * wire. Task inputs travel inside the task closure; what Kryo sees is the task's result and the
 * driver-side single-element RDD the tasks run over.
 */
public final class ModnasKryoRegistrator implements KryoRegistrator {
    /** Spark SQL's singleton types: each is its own class ({@code StringType$}...). */
    private static final String[] ATOMIC_TYPES = {"StringType", "LongType", "IntegerType", "ShortType", "ByteType",
        "DoubleType", "FloatType", "BooleanType", "BinaryType", "DateType", "TimestampType", "TimestampNTZType",
        "NullType"};

    @Override
    public void registerClasses(Kryo kryo) {
        kryo.register(Trial.class, new TrialSerializer());
        kryo.register(Trial[].class); // a task returns its chunk of trials with their results
        // a chain stage's task returns its result, with the supernet it trained, which is then broadcast
        kryo.register(StageOutcome.class);
        kryo.register(String[].class);
        kryo.register(double[].class);
        kryo.register(byte[].class);
        // the element collection of the one-element RDD every candidate job runs over
        kryo.register(Integer[].class);
        kryo.register(Object[].class);
        kryo.register(scala.collection.immutable.ArraySeq.ofRef.class);
        kryo.register(scala.collection.immutable.ArraySeq.ofInt.class);
        kryo.register(int[].class);
        // Spark SQL classes that cross the wire when a session with registration required reads the table
        kryo.register(org.apache.spark.sql.types.MapType.class);
        kryo.register(org.apache.spark.sql.types.ArrayType.class);
        kryo.register(org.apache.spark.sql.types.StructType.class);
        kryo.register(org.apache.spark.sql.types.StructField.class);
        kryo.register(org.apache.spark.sql.types.StructField[].class);
        kryo.register(org.apache.spark.sql.types.Metadata.class);
        kryo.register(org.apache.spark.sql.types.DecimalType.class);
        // Dataset.toLocalIterator() returns each partition's rows as chunked buffers
        register(kryo, "[Lorg.apache.spark.util.io.ChunkedByteBuffer;");
        for (String atomic : ATOMIC_TYPES) {
            try {
                kryo.register(Class.forName("org.apache.spark.sql.types." + atomic + "$"));
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("Spark SQL type " + atomic + " not found: Spark version mismatch?", e);
            }
        }
    }

    private static void register(Kryo kryo, String className) {
        try {
            kryo.register(Class.forName(className, false, ModnasKryoRegistrator.class.getClassLoader()));
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("Spark class " + className + " not found: Spark version mismatch?", e);
        }
    }
}
