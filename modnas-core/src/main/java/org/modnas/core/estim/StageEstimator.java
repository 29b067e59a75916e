package org.modnas.core.estim;

/**
 * An estimator that runs once over the whole search space rather than per candidate:
 * a supernet warm-up, say. In a chain it runs before the candidate estimator, on one machine or
 * one executor, and hands what it trained to the entries after it.
 */
public interface StageEstimator extends Estimator {
    /**
     * Runs the stage: trains (and validates) what it trains and returns its metrics, the best arch
     * desc it found (if it judges descs) and the supernet it hands on. Throws on a fault: a chain
     * cannot go on without its earlier stages.
     */
    StageResult run(StageContext context) throws Exception;

    /**
     * Checks, before the search starts, what this estimator needs when it runs as a stage (its
     * search space, say), beyond {@link #checkInputs()}; throws naming what is wrong. The default
     * checks nothing more.
     */
    default void checkAsStage() {
    }
}
