package org.modnas.spark.executor;

import java.io.Serializable;
import org.apache.spark.broadcast.Broadcast;
import org.modnas.core.estim.SupernetWeights;

/**
 * The supernet a stage of the estimator chain trained, shipped once to every executor (a Spark
 * broadcast of its bytes) for the candidate tasks that select on it.
 *
 * @param bytes    the broadcast parameters
 * @param producer the chain entry that trained them
 * @param hash     their content hash: part of the key of the per-JVM estimator cache, so a retrained
 *                 supernet never meets an estimator holding the old one
 */
public record SupernetBroadcast(Broadcast<byte[]> bytes, String producer, String hash) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The weights, read from this JVM's copy of the broadcast. */
    public SupernetWeights weights() {
        return new SupernetWeights(producer, bytes.value());
    }
}
