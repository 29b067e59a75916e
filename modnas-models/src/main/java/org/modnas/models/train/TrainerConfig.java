package org.modnas.models.train;

import com.typesafe.config.Config;
import org.modnas.core.registry.Registry;

/**
 * The weight-training settings of the {@code trainer} config section: SGD with momentum
 * (optionally Nesterov) and weight decay, a cosine learning-rate schedule to {@code eta_min} with a
 * linear warm-up, label smoothing and gradient clipping by global norm.
 *
 * @param epochs         passes over the training split
 * @param lr             peak learning rate
 * @param momentum       SGD momentum
 * @param nesterov       Nesterov momentum
 * @param weightDecay    L2 weight decay
 * @param etaMin         learning rate at the end of the cosine schedule
 * @param warmupEpochs   epochs of linear warm-up from 0 to lr (fractions allowed)
 * @param labelSmoothing ε of label smoothing, 0 for plain cross-entropy
 * @param gradClip       maximum global gradient norm, 0 for none
 * @param threads        engine threads, 0 for the available cores
 * @param maxSteps       stop after this many steps in all (0 = no limit), for quick runs
 * @param channelsLast   run convolutions on channels-last (NHWC) memory, oneDNN's fast layout
 */
public record TrainerConfig(int epochs, double lr, double momentum, boolean nesterov, double weightDecay,
                            double etaMin, double warmupEpochs, double labelSmoothing, double gradClip, int threads,
                            int maxSteps, boolean channelsLast) {
    public TrainerConfig {
        require(epochs >= 0, "trainer.epochs must be >= 0, got " + epochs);
        require(lr > 0, "trainer.lr must be > 0, got " + lr);
        require(momentum >= 0 && momentum < 1, "trainer.momentum must be in [0, 1), got " + momentum);
        require(weightDecay >= 0, "trainer.weight_decay must be >= 0, got " + weightDecay);
        require(etaMin >= 0 && etaMin <= lr, "trainer.eta_min must be in [0, lr], got " + etaMin);
        require(warmupEpochs >= 0, "trainer.warmup_epochs must be >= 0, got " + warmupEpochs);
        require(labelSmoothing >= 0 && labelSmoothing < 1, "trainer.label_smoothing must be in [0, 1), got " + labelSmoothing);
        require(gradClip >= 0, "trainer.grad_clip must be >= 0 (0 = off), got " + gradClip);
        require(threads >= 0, "trainer.threads must be >= 0 (0 = all cores), got " + threads);
        require(maxSteps >= 0, "trainer.max_steps must be >= 0 (0 = no limit), got " + maxSteps);
    }

    /** The settings with channels-last memory, the default. */
    public TrainerConfig(int epochs, double lr, double momentum, boolean nesterov, double weightDecay, double etaMin,
                         double warmupEpochs, double labelSmoothing, double gradClip, int threads, int maxSteps) {
        this(epochs, lr, momentum, nesterov, weightDecay, etaMin, warmupEpochs, labelSmoothing, gradClip, threads, maxSteps,
                true);
    }

    /**
     * Declares the ranges of the {@code trainer} settings (and the words {@code trainer.device} may be),
     * so a config outside them is refused before anything runs.
     */
    public static void registerRanges(Registry r) {
        String[] ranges = {"epochs", ">= 0", "lr", "> 0", "momentum", "[0, 1)", "weight_decay", ">= 0", "eta_min", ">= 0",
            "warmup_epochs", ">= 0", "label_smoothing", "[0, 1)", "grad_clip", ">= 0", "threads", ">= 0", "max_steps", ">= 0"};
        for (int i = 0; i < ranges.length; i += 2) {
            r.registerRange("trainer." + ranges[i], ranges[i + 1]);
        }
        r.registerChoices("trainer.device", Devices.SETTINGS.toArray(new String[0]));
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /** Reads a {@code trainer} section (over the defaults of reference.conf). */
    public static TrainerConfig from(Config t) {
        return new TrainerConfig(t.getInt("epochs"), t.getDouble("lr"), t.getDouble("momentum"), t.getBoolean("nesterov"),
                t.getDouble("weight_decay"), t.getDouble("eta_min"), t.getDouble("warmup_epochs"),
                t.getDouble("label_smoothing"), t.getDouble("grad_clip"), t.getInt("threads"), t.getInt("max_steps"),
                t.getBoolean("channels_last"));
    }

    /** The same settings with or without channels-last memory. */
    public TrainerConfig withChannelsLast(boolean on) {
        return new TrainerConfig(epochs, lr, momentum, nesterov, weightDecay, etaMin, warmupEpochs, labelSmoothing, gradClip,
                threads, maxSteps, on);
    }

    /** The same settings with another epoch count. */
    public TrainerConfig withEpochs(int e) {
        return with(e, threads, maxSteps);
    }

    /** The same optimisation settings with another epoch count, thread count and step limit. */
    public TrainerConfig with(int e, int t, int steps) {
        return new TrainerConfig(e, lr, momentum, nesterov, weightDecay, etaMin, warmupEpochs, labelSmoothing, gradClip, t, steps,
                channelsLast);
    }

    /** The learning rate at {@code step} of {@code totalSteps}, with {@code stepsPerEpoch} for the warm-up. */
    public double learningRate(long step, long totalSteps, long stepsPerEpoch) {
        long warm = Math.round(warmupEpochs * stepsPerEpoch);
        if (step < warm) {
            return lr * (step + 1) / warm;
        }
        long span = Math.max(1, totalSteps - warm);
        double progress = Math.min(1.0, (double) (step - warm) / span);
        return etaMin + (lr - etaMin) * 0.5 * (1 + Math.cos(Math.PI * progress));
    }
}
