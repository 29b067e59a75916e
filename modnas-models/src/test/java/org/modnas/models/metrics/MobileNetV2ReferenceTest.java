package org.modnas.models.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.modnas.models.TestSpaces;
import org.modnas.models.space.SearchSpace;

/** Params and MACs equal the published MobileNetV2 figures (torchvision's) exactly (analytic, no forward pass). */
class MobileNetV2ReferenceTest {

    @ParameterizedTest(name = "{0} width {1} on {2}x{3}x{3}, {4} classes")
    @CsvSource({
        "ImageNet_MobileNetV2, 1.0, 3, 224, 1000, 3504872, 300774272",
        "ImageNet_MobileNetV2, 0.5, 3, 224, 1000, 1968680, 97131840",
        "ImageNet_MobileNetV2, 0.75, 3, 224, 1000, 2636424, 209069792",
        "ImageNet_MobileNetV2, 1.4, 3, 224, 1000, 6108776, 582195824",
        "CIFAR_MobileNetV2, 1.0, 3, 32, 10, 2236682, 43758080",
    })
    void paramsAndMacsMatchTheReferenceTable(String type, double width, int chn, int size, int classes, long params, long macs) {
        SearchSpace s = TestSpaces.base("type = " + type + ", width_coeff = " + width + ", n_classes = " + classes);
        ModelStats st = s.stats(new Shape(chn, size, size));
        assertEquals(params, st.params(), "params");
        assertEquals(macs, st.macs(), "MACs");
        assertEquals(new Shape(1, classes), st.outputShape());
    }

    @Test
    void gpuVariantWithEverySearchableSlotMB3E6MatchesTheReferenceParams() {
        // the first slot (t = 1) stays MB3E1, the other 21 are MB3E6: the predefined build
        SearchSpace s = TestSpaces.base("type = CIFAR_MobileNetV2_GPU, n_classes = 10");
        assertEquals(22, s.slots().size());
        assertEquals("MB3E1", s.slots().get(0).builtAs());
        for (int i = 1; i < 22; i++) {
            assertEquals("MB3E6", s.slots().get(i).builtAs());
        }
        assertEquals(3416586, s.stats(new Shape(3, 32, 32)).params());
    }

    @Test
    void buildingCifarThenImageNetAndBackGivesTheReferenceNumbersEachTime() {
        for (int round = 0; round < 2; round++) {
            assertEquals(43758080, TestSpaces.base("type = CIFAR_MobileNetV2").stats(new Shape(3, 32, 32)).macs());
            assertEquals(300774272, TestSpaces.base("type = ImageNet_MobileNetV2").stats(new Shape(3, 224, 224)).macs());
        }
        assertEquals(2236682, TestSpaces.base("type = CIFAR_MobileNetV2").stats(new Shape(3, 32, 32)).params());
    }
}
