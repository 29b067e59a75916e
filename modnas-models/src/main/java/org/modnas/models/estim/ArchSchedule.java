package org.modnas.models.estim;

/**
 * When a gradient search takes arch steps, as the original's estimator arguments say: from epoch
 * {@code arch_update_epoch_start} (from 0), every {@code arch_update_epoch_intv} epochs; within such
 * an epoch every {@code arch_update_intv} training steps (−1: as often as the training split has
 * batches per validation batch, so one epoch of arch steps reads the validation split about once;
 * 0: only at the epoch's last step), each time {@code arch_update_batch} arch steps on their own
 * validation batches, before the weight step.
 */
record ArchSchedule(int epochStart, int epochInterval, int interval, int batches) {
    ArchSchedule {
        if (epochStart < 0 || epochInterval < 1 || interval < -1 || batches < 0) {
            throw new IllegalArgumentException("arch update schedule out of range: arch_update_epoch_start >= 0, "
                    + "arch_update_epoch_intv >= 1, arch_update_intv >= -1, arch_update_batch >= 0; got " + this);
        }
    }

    /** The original's defaults: every epoch, −1 (once per validation batch's worth of training batches), one batch. */
    static ArchSchedule defaults() {
        return new ArchSchedule(0, 1, -1, 1);
    }

    /**
     * Whether step {@code step} (from 0) of epoch {@code epoch}, which has {@code steps} steps, takes
     * arch steps; {@code trainPerValid} is the training split's batches per validation batch.
     */
    boolean archStep(int epoch, long step, long steps, long trainPerValid) {
        if (batches == 0 || epoch < epochStart || (epoch - epochStart) % epochInterval != 0) {
            return false;
        }
        long every = interval < 0 ? Math.max(1, trainPerValid) : interval;
        return every == 0 ? step == steps - 1 : (step + 1) % every == 0;
    }
}
