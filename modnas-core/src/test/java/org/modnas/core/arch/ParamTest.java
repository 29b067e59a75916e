package org.modnas.core.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class ParamTest {
    @Test
    void categoricalCanonicalisesNumbersAndFindsChoices() {
        Categorical c = Categorical.of("d", 1, 2.5, "x", true);
        assertEquals(List.of(1L, 2.5, "x", true), c.values());
        assertEquals(0, c.indexOf(1.0));
        assertEquals(1, c.indexOf(2.5f));
        assertEquals(-1, c.indexOf("y"));
        assertEquals(-1, c.indexOf(null));
    }

    @Test
    void categoricalRejectsEmptyAndRepeatedChoices() {
        assertEquals("categorical param 'e' has no choices",
                assertThrows(IllegalArgumentException.class, () -> new Categorical("e", List.of())).getMessage());
        assertEquals("categorical param 'e' lists choice 1 twice",
                assertThrows(IllegalArgumentException.class, () -> Categorical.of("e", 1, 1.0)).getMessage());
        assertEquals("choice of param 'e' must be a string, number or boolean, got Object[] []",
                assertThrows(IllegalArgumentException.class, () -> Categorical.of("e", (Object) new Object[0]))
                        .getMessage().replaceAll("\\[Ljava.lang.Object;@\\w+", "[]"));
    }

    @Test
    void badNamesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> Categorical.of("", "a"));
        assertThrows(IllegalArgumentException.class, () -> Categorical.of(" a", "a"));
        assertThrows(IllegalArgumentException.class, () -> Categorical.of("a\u0001", "a"));
    }

    @Test
    void numericChecksBoundsAndIntegrality() {
        Numeric n = Numeric.ofInt("n", 2, 5);
        assertEquals(3L, n.canonicalValue(3.0));
        assertEquals("param 'n' needs an integer, got 2.5",
                assertThrows(IllegalArgumentException.class, () -> n.canonicalValue(2.5)).getMessage());
        assertEquals("param 'n' value 6 is outside [2, 5]",
                assertThrows(IllegalArgumentException.class, () -> n.canonicalValue(6)).getMessage());
        assertEquals("param 'n' needs a number in [2, 5], got \"3\"",
                assertThrows(IllegalArgumentException.class, () -> n.canonicalValue("3")).getMessage());
        assertEquals(4, n.asDiscrete().size());
        assertEquals(5L, n.asDiscrete().valueAt(3));
        assertEquals(2, n.asDiscrete().indexOf(4));
        Numeric d = Numeric.ofDouble("lr", 0.1, 0.2);
        assertEquals(0.15, d.canonicalValue(0.15));
        assertThrows(IllegalStateException.class, d::asDiscrete);
        assertThrows(IllegalArgumentException.class, () -> Numeric.ofDouble("x", 1, 0));
    }
}
