package org.modnas.core.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ValueRangeTest {
    @Test
    void boundsAndIntervalsIncludeExactlyTheirEnds() {
        ValueRange positive = ValueRange.parse("> 0");
        assertFalse(positive.contains(0));
        assertTrue(positive.contains(1e-9));
        assertTrue(ValueRange.parse(">= 0").contains(0));
        assertFalse(ValueRange.parse(">= 0").contains(-1e-9));
        ValueRange portion = ValueRange.parse("(0, 1]");
        assertFalse(portion.contains(0));
        assertTrue(portion.contains(1));
        assertFalse(portion.contains(1.0000001));
        assertFalse(ValueRange.parse("[0, 1)").contains(1));
        assertTrue(ValueRange.parse("<= 1").contains(-5));
        assertFalse(positive.contains(Double.NaN));
    }

    @Test
    void requirementsReadAsWrittenAndBadRangesAreRefused() {
        assertEquals("must be >= 1", ValueRange.parse(">= 1").requirement());
        assertEquals("must be in (0, 1]", ValueRange.parse("(0, 1]").requirement());
        assertEquals("0", ValueRange.show(0.0));
        assertEquals("1.5", ValueRange.show(1.5));
        assertThrows(IllegalArgumentException.class, () -> ValueRange.parse("positive"));
        assertThrows(IllegalArgumentException.class, () -> ComponentSpec.builder(Kind.of("x", Object.class), "X")
                .defaults("a = 1").ranges("b", "> 0").factory(a -> new Object()));
    }
}
