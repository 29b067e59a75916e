package org.modnas.models.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.modnas.core.estim.CandidateFailure;
import org.modnas.models.data.BatchLoader;
import org.modnas.models.data.ImageDataset;
import org.modnas.models.data.SyntheticDataset;

class ImageTrainerTest {
    private static final ImageDataset TRAIN = SyntheticDataset.generate("s", 3, 512, 1, 12, 12, 4, 0.35);

    static Block smallNet() {
        return new SequentialBlock()
                .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(8).optBias(false).build())
                .add(BatchNorm.builder().build())
                .add(Activation.reluBlock())
                .add(Pool.maxPool2dBlock(new Shape(2, 2)))
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(4).build());
    }

    private static TrainerConfig config(double lr, int epochs) {
        return new TrainerConfig(epochs, lr, 0.9, true, 1e-4, 0, 0.1, 0.1, 5, 1, 0);
    }

    private List<Float> trainLosses(long seed, int maxSteps) {
        try (NDManager m = NDManager.newBaseManager()) {
            Block net = smallNet();
            ImageTrainer.initialize(net, m, new Shape(32, 1, 12, 12), seed);
            TrainerConfig c = config(0.1, 1);
            c = new TrainerConfig(1, c.lr(), c.momentum(), c.nesterov(), c.weightDecay(), c.etaMin(), c.warmupEpochs(),
                    c.labelSmoothing(), c.gradClip(), 1, maxSteps);
            try (ImageTrainer t = new ImageTrainer(net, m, c, null)) {
                t.fit(new BatchLoader(TRAIN, 32, true, false, true, null, null, seed));
                return t.stepLosses();
            }
        }
    }

    @Test
    void sameSeedGivesTheSameLossSequence() {
        List<Float> a = trainLosses(11, 6);
        List<Float> b = trainLosses(11, 6);
        assertEquals(6, a.size());
        assertEquals(a, b);
        assertTrue(!a.equals(trainLosses(12, 6)), "another seed gives other losses");
    }

    @Test
    void learnsAnEasyTaskAndReportsTopOneAndTopFive() {
        try (NDManager m = NDManager.newBaseManager()) {
            Block net = smallNet();
            ImageTrainer.initialize(net, m, new Shape(32, 1, 12, 12), 1);
            List<String> lines = new java.util.ArrayList<>();
            try (ImageTrainer t = new ImageTrainer(net, m, config(0.1, 3), lines::add)) {
                BatchLoader train = new BatchLoader(TRAIN, 32, true, false, true, null, null, 1);
                EvalMetrics before = t.evaluate(train, 0);
                t.fit(train);
                EvalMetrics after = t.evaluate(train, 0);
                assertTrue(after.top1() > 0.8, "top-1 " + after.top1());
                assertTrue(after.loss() < before.loss(), after + " vs " + before);
                assertEquals(1.0, after.top5(), 1e-9); // 4 classes: always among the top five
                assertEquals(512, after.images());
            }
            assertEquals(3, lines.size());
            assertTrue(lines.get(0).startsWith("epoch 1/3 loss="), lines.get(0));
        }
    }

    @Test
    void aDivergingLossEndsWithTheReason() {
        try (NDManager m = NDManager.newBaseManager()) {
            Block net = smallNet();
            ImageTrainer.initialize(net, m, new Shape(32, 1, 12, 12), 1);
            TrainerConfig wild = new TrainerConfig(2, 1e30, 0.9, false, 0, 0, 0, 0, 0, 1, 0);
            try (ImageTrainer t = new ImageTrainer(net, m, wild, null)) {
                CandidateFailure e = assertThrows(CandidateFailure.class,
                        () -> t.fit(new BatchLoader(TRAIN, 32, true, false, true, null, null, 1)));
                assertTrue(e.getMessage().matches("loss became (NaN|Infinity) at epoch \\d step \\d+"), e.getMessage());
            }
        }
    }

    private static float[] initialWeights(long seed, int threads) {
        try (NDManager m = NDManager.newBaseManager()) {
            Block wide = Linear.builder().setUnits(4096).build();
            ImageTrainer.initialize(wide, m, new Shape(2, 2048), seed, threads);
            return wide.getParameters().get(0).getValue().getArray().toFloatArray();
        }
    }

    @Test
    void theSameSeedAndThreadsGiveTheSameWeightsWhateverRanBefore() {
        float[] a = initialWeights(5, 1);
        initialWeights(9, 2); // leaves the engine on two threads
        float[] b = initialWeights(5, 1);
        assertTrue(java.util.Arrays.equals(a, b), "weights differ after another initialisation changed the engine's threads");
    }

    @Test
    void clippingBoundsTheGlobalUpdateNorm() {
        try (NDManager m = NDManager.newBaseManager()) {
            Block net = smallNet();
            ImageTrainer.initialize(net, m, new Shape(32, 1, 12, 12), 1);
            List<float[]> before = new java.util.ArrayList<>();
            for (var p : net.getParameters()) {
                before.add(p.getValue().getArray().toFloatArray());
            }
            double lr = 0.5;
            double clip = 1e-3;
            // one plain SGD step (no momentum, no decay): the update is lr * clipped gradient
            TrainerConfig c = new TrainerConfig(1, lr, 0, false, 0, lr, 0, 0, clip, 1, 1);
            try (ImageTrainer t = new ImageTrainer(net, m, c, null)) {
                t.fit(new BatchLoader(TRAIN, 32, true, false, true, null, null, 1));
            }
            double sq = 0;
            int i = 0;
            for (var p : net.getParameters()) {
                float[] now = p.getValue().getArray().toFloatArray();
                float[] was = before.get(i++);
                if (p.getValue().requiresGradient()) {
                    for (int k = 0; k < now.length; k++) {
                        sq += (now[k] - was[k]) * (double) (now[k] - was[k]);
                    }
                }
            }
            double moved = Math.sqrt(sq);
            assertTrue(moved > 0.5 * lr * clip && moved <= lr * clip * 1.01, "update norm " + moved + ", bound " + lr * clip);
        }
    }

    @Test
    void theScheduleWarmsUpThenFollowsACosineToEtaMin() {
        TrainerConfig c = new TrainerConfig(10, 0.1, 0.9, false, 0, 0.001, 1, 0, 0, 1, 0);
        assertEquals(0.001, c.learningRate(0, 1000, 100), 1e-12);
        assertEquals(0.1, c.learningRate(99, 1000, 100), 1e-12);
        assertEquals(0.1, c.learningRate(100, 1000, 100), 1e-12);
        assertEquals(0.0505, c.learningRate(550, 1000, 100), 1e-9);
        assertEquals(0.001, c.learningRate(1000, 1000, 100), 1e-12);
    }

    @Test
    void badSettingsAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new TrainerConfig(1, 0, 0.9, false, 0, 0, 0, 0, 0, 1, 0));
        assertEquals("trainer.lr must be > 0, got 0.0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new TrainerConfig(1, 0.1, 1.0, false, 0, 0, 0, 0, 0, 1, 0));
        assertEquals("trainer.momentum must be in [0, 1), got 1.0", e.getMessage());
    }

    @Test
    void clearedBatchNormRecalibrationIsThePlainAverageOfTheBatchStatistics() {
        ImageDataset data = SyntheticDataset.generate("bn", 5, 160, 3, 6, 6, 4, 0.5);
        int batches = 5;
        double[][] expected = new double[2][3];
        java.util.Iterator<org.modnas.models.data.Batch> it = new BatchLoader(data, 32, true, false, true, null, null, 9).epoch(0);
        for (int i = 0; i < batches; i++) {
            org.modnas.models.data.Batch b = it.next();
            int plane = b.height() * b.width();
            for (int c = 0; c < 3; c++) {
                double sum = 0;
                double sq = 0;
                for (int n = 0; n < b.size(); n++) {
                    for (int k = 0; k < plane; k++) {
                        double v = b.images()[(n * 3 + c) * plane + k];
                        sum += v;
                        sq += v * v;
                    }
                }
                long count = (long) b.size() * plane;
                double mean = sum / count;
                expected[0][c] += mean / batches;
                expected[1][c] += (sq - count * mean * mean) / (count - 1) / batches; // unbiased, as the layer keeps it
            }
        }
        Block bn = org.modnas.models.layers.Layers.batchNorm();
        try (NDManager m = NDManager.newBaseManager();
             ImageTrainer t = init(bn, m, new Shape(32, 3, 6, 6))) {
            // statistics far from the data's, which a cleared recalibration must forget entirely
            bn.getParameters().get("runningMean").getArray().addi(7);
            bn.getParameters().get("runningVar").getArray().muli(9);
            t.recalibrateBatchNorm(new BatchLoader(data, 32, true, false, true, null, null, 9), batches, true);
            float[] mean = bn.getParameters().get("runningMean").getArray().toFloatArray();
            float[] var = bn.getParameters().get("runningVar").getArray().toFloatArray();
            for (int c = 0; c < 3; c++) {
                assertEquals(expected[0][c], mean[c], 1e-4, "running mean of channel " + c);
                assertEquals(expected[1][c], var[c], 1e-4, "running variance of channel " + c);
            }
        }
    }

    private static ImageTrainer init(Block net, NDManager m, Shape shape) {
        ImageTrainer.initialize(net, m, shape, 1);
        return new ImageTrainer(net, m, config(0.1, 1), null);
    }

    /**
     * The update is PyTorch's SGD (momentum, weight decay, clipping by global norm) under a changing
     * learning rate, checked against the formula on a linear model whose gradient is written by hand:
     * logits = X·Wᵀ, dL/dW = (softmax − onehot)ᵀ·X / N; d = c·g + wd·W; buf = μ·buf + d (first: d);
     * W −= lr·buf. Step 2 leaves the parameter out (as a supernet step that did not reach it): W and
     * its buffer stay, and step 3 continues from them at its own learning rate.
     */
    @Test
    void theUpdateIsPyTorchsSgdUnderACosineScheduleAndSkippedSteps() {
        byte[] pixels = {51, 102, (byte) 153, (byte) 204, (byte) 255, 0, 25, (byte) 230};
        int[] labels = {0, 1, 1, 0};
        ImageDataset data = new ImageDataset("lin", pixels, labels, 1, 1, 2, 2);
        double lr = 0.5;
        double mu = 0.9;
        double wd = 0.01;
        double clip = 0.05;
        int steps = 5;
        TrainerConfig c = new TrainerConfig(steps, lr, mu, false, wd, 0.01, 0, 0, clip, 1, 0);
        try (NDManager m = NDManager.newBaseManager()) {
            Block net = new SequentialBlock().add(Blocks.batchFlattenBlock())
                    .add(Linear.builder().setUnits(2).optBias(false).build());
            ImageTrainer.initialize(net, m, new Shape(4, 1, 1, 2), 5);
            ai.djl.nn.Parameter weight = net.getParameters().get(0).getValue();
            float[] w0 = weight.getArray().toFloatArray();
            double[][] w = {{w0[0], w0[1]}, {w0[2], w0[3]}};
            double[][] x = new double[4][2];
            for (int i = 0; i < 4; i++) {
                for (int j = 0; j < 2; j++) {
                    x[i][j] = (pixels[2 * i + j] & 0xFF) / 255.0;
                }
            }
            int[] step = {-1};
            try (ImageTrainer t = new ImageTrainer(net, m, c, null)) {
                t.onTrainStep((batch, s, rate) -> step[0]++);
                t.updateOnly(p -> step[0] != 2);
                t.fit(new BatchLoader(data, 4, false, false, true, null, null, 0), steps);
            }
            double[][] buf = null;
            for (int s = 0; s < steps; s++) {
                if (s == 2) {
                    continue;
                }
                double[][] g = new double[2][2];
                for (int i = 0; i < 4; i++) {
                    double z0 = w[0][0] * x[i][0] + w[0][1] * x[i][1];
                    double z1 = w[1][0] * x[i][0] + w[1][1] * x[i][1];
                    double p1 = 1 / (1 + Math.exp(z0 - z1));
                    double[] err = {1 - p1 - (labels[i] == 0 ? 1 : 0), p1 - (labels[i] == 1 ? 1 : 0)};
                    for (int k = 0; k < 2; k++) {
                        for (int j = 0; j < 2; j++) {
                            g[k][j] += err[k] * x[i][j] / 4;
                        }
                    }
                }
                double norm = Math.sqrt(g[0][0] * g[0][0] + g[0][1] * g[0][1] + g[1][0] * g[1][0] + g[1][1] * g[1][1]);
                double scale = norm > clip ? clip / (norm + 1e-6) : 1;
                double rate = c.learningRate(s, steps, 1);
                double[][] next = new double[2][2];
                for (int k = 0; k < 2; k++) {
                    for (int j = 0; j < 2; j++) {
                        double d = scale * g[k][j] + wd * w[k][j];
                        next[k][j] = buf == null ? d : mu * buf[k][j] + d;
                    }
                }
                buf = next;
                for (int k = 0; k < 2; k++) {
                    for (int j = 0; j < 2; j++) {
                        w[k][j] -= rate * buf[k][j];
                    }
                }
            }
            float[] got = weight.getArray().toFloatArray();
            for (int k = 0; k < 4; k++) {
                assertEquals(w[k / 2][k % 2], got[k], 1e-5, "weight " + k + " after " + steps + " steps");
            }
            assertTrue(Math.abs(got[0] - w0[0]) > 1e-3, "the weights moved");
        }
    }

    @Test
    void channelsLastMemoryTrainsTheSameNetworkAsTheUsualLayout() {
        List<List<Float>> losses = new java.util.ArrayList<>();
        List<float[]> weights = new java.util.ArrayList<>();
        for (boolean channelsLast : new boolean[] {false, true}) {
            try (NDManager m = NDManager.newBaseManager()) {
                Block net = smallNet();
                ImageTrainer.initialize(net, m, new Shape(32, 1, 12, 12), 7);
                TrainerConfig c = new TrainerConfig(1, 0.1, 0.9, false, 1e-4, 0, 0, 0, 5, 1, 8).withChannelsLast(channelsLast);
                try (ImageTrainer t = new ImageTrainer(net, m, c, null)) {
                    t.fit(new BatchLoader(TRAIN, 32, true, false, true, null, null, 7));
                    losses.add(t.stepLosses());
                    EvalMetrics e = t.evaluate(new BatchLoader(TRAIN, 32, false, false, false, null, null, 0), 4);
                    assertTrue(e.top1() >= 0, e.toString());
                }
                weights.add(net.getParameters().get(0).getValue().getArray().toFloatArray()); // the conv kernel
            }
        }
        assertEquals(8, losses.get(0).size());
        for (int i = 0; i < 8; i++) {
            assertEquals(losses.get(0).get(i), losses.get(1).get(i), 1e-4 * Math.max(1, losses.get(0).get(i)), "step " + i);
        }
        for (int i = 0; i < weights.get(0).length; i++) {
            assertEquals(weights.get(0)[i], weights.get(1)[i], 1e-4, "kernel element " + i + ", read back in the usual order");
        }
    }
}
