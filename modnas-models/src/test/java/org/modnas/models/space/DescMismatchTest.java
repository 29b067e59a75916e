package org.modnas.models.space;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.modnas.core.arch.ArchDescException;
import org.modnas.core.registry.Registry;
import org.modnas.models.TestSpaces;

/** A desc that does not fit the model fails naming the slot. */
class DescMismatchTest {
    private static final String MODEL = "model { type = CIFAR_MobileNetV2, width_coeff = 0.25 }";

    private static List<Object> fitting() {
        return new ArrayList<>(Collections.nCopies(17, "MB3E6"));
    }

    private static ArchDescException retrainFails(Object desc) {
        return assertThrows(ArchDescException.class,
                () -> Spaces.buildFromDesc(TestSpaces.section(MODEL), Registry.global(), 0, desc));
    }

    @Test
    void aFittingDescBuilds() {
        Spaces.buildFromDesc(TestSpaces.section(MODEL), Registry.global(), 0, fitting());
    }

    @Test
    void aShortDescNamesTheFirstSlotWithoutAnEntry() {
        List<Object> d = fitting();
        d.remove(16);
        ArchDescException e = retrainFails(d);
        assertTrue(e.getMessage().contains("16 entries") && e.getMessage().contains("17 slots")
                && e.getMessage().contains("'blocks.16.conv'"), e.getMessage());
    }

    @Test
    void aLongDescSaysWhereTheExtraEntriesStart() {
        List<Object> d = fitting();
        d.add("MB3E3");
        ArchDescException e = retrainFails(d);
        assertTrue(e.getMessage().contains("18 entries") && e.getMessage().contains("position 17"), e.getMessage());
    }

    @Test
    void anUnknownPrimitiveNamesTheSlotTheKnownFormsAndTheClosest() {
        List<Object> d = fitting();
        d.set(4, "MB4E6");
        ArchDescException e = retrainFails(d);
        assertTrue(e.getMessage().contains("'blocks.4.conv'") && e.getMessage().contains("MB{k}E{e}")
                && e.getMessage().contains("did you mean 'MB3E6'"), e.getMessage());
    }

    @Test
    void nilWhereChannelsChangeNamesTheSlot() {
        // blocks.1.conv maps 16 to 24 channels: NIL cannot stand in for it
        ArchDescException e = assertThrows(ArchDescException.class, () -> Spaces.buildFromDesc(
                TestSpaces.section("model { type = CIFAR_MobileNetV2 }"), Registry.global(), 0, withNil(1)));
        assertTrue(e.getMessage().contains("'blocks.1.conv'") && e.getMessage().contains("NIL needs chnIn = chnOut")
                && e.getMessage().contains("16 to 24"), e.getMessage());
    }

    private static List<Object> withNil(int at) {
        List<Object> d = fitting();
        d.set(at, "NIL");
        return d;
    }

    @Test
    void anEntryNamingAnUnknownSlotIsRejectedWithTheClosest() {
        java.util.Map<String, Object> byName = new java.util.LinkedHashMap<>();
        for (int i = 0; i < 17; i++) {
            byName.put("blocks." + i + ".conv", "MB3E6");
        }
        byName.remove("blocks.2.conv");
        byName.put("blocks.2.cnv", "MB3E6");
        ArchDescException e = retrainFails(byName);
        assertTrue(e.getMessage().contains("'blocks.2.cnv'") && e.getMessage().contains("did you mean 'blocks.2.conv'"), e.getMessage());
    }
}
