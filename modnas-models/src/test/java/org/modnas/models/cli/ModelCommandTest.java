package org.modnas.models.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code modnas model}: output and exit codes. */
class ModelCommandTest {
    private record Result(int code, String out, String err) {
    }

    private static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = ModelCommand.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void describesSlotsChoicesSpaceSizeAndBaseParamsAndMacs() {
        Result r = run("CIFAR_MobileNetV2", "primitives=[MB3E3,MB5E6,NIL]");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("slot name=blocks.0.conv chn_in=32 chn_out=16 stride=1 expansion=1 stage=1 n_choices=2 choices=MB3E3,MB5E6"),
                r.out());
        assertTrue(r.out().contains("slot name=blocks.2.conv chn_in=24 chn_out=24 stride=1 expansion=6 stage=2 n_choices=3 choices=MB3E3,MB5E6,NIL"),
                r.out());
        assertEquals(17, r.out().lines().filter(l -> l.startsWith("slot ")).count());
        // NIL at the 10 slots with chnIn = chnOut, 2 choices at the other 7
        long size = (long) Math.pow(3, 10) * (long) Math.pow(2, 7);
        assertTrue(r.out().contains("space_size=" + size), r.out());
        assertTrue(r.out().contains("params=2236682 macs=43758080"), r.out());
    }

    @Test
    void modelArgumentsAndInputShapeAreApplied() {
        Result r = run("cifar_mobilenetv2", "chn_in=1", "n_classes=10", "input=1x28x28");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("model=CIFAR_MobileNetV2 input=1x28x28 slots=17"), r.out());
        Result imagenet = run("ImageNet_MobileNetV2", "width_coeff=0.5");
        assertTrue(imagenet.out().contains("params=1968680 macs=97131840"), imagenet.out());
    }

    @Test
    void helpPrintsUsageAndExitsZero() {
        Result r = run("--help");
        assertEquals(0, r.code());
        assertTrue(r.out().contains("usage: modnas model") && r.out().contains("CIFAR_MobileNetV2_GPU"), r.out());
    }

    @Test
    void unknownModelOrBadKeyExitsTwoWithAMessage() {
        Result unknown = run("CIFAR_MobileNetV3");
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().contains("unknown model 'CIFAR_MobileNetV3'") && unknown.err().contains("did you mean"), unknown.err());
        Result badKey = run("CIFAR_MobileNetV2", "widht_coeff=2");
        assertEquals(2, badKey.code());
        assertTrue(badKey.err().contains("'widht_coeff'") && badKey.err().contains("did you mean 'width_coeff'"), badKey.err());
        assertEquals(2, run("CIFAR_MobileNetV2", "input=3x32").code());
        assertEquals(2, run("CIFAR_MobileNetV2", "primitives=[MB4E6]").code());
        assertEquals(2, run().code());
        assertEquals(2, run("CIFAR_MobileNetV2", "n_classes").code());
    }
}
