package org.modnas.core.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RegistryTest {
    interface Shape {
        double area();
    }

    record Square(double side) implements Shape {
        public double area() {
            return side * side;
        }
    }

    static final Kind<Shape> SHAPE = Kind.of("shape", Shape.class);

    private Registry registry() {
        Registry r = new Registry();
        r.register(ComponentSpec.builder(SHAPE, "CIFAR_Square_GPU").aliases("BigSquare").defaults("side = 2.0")
                .description("a square").factory(a -> new Square(a.config().getDouble("side"))));
        r.register(ComponentSpec.builder(SHAPE, "Circle").factory(a -> () -> Math.PI));
        return r;
    }

    @Test
    void namesMatchIgnoringCaseDashesUnderscoresAndSpaces() {
        Registry r = registry();
        for (String n : List.of("CIFAR_Square_GPU", "cifarsquaregpu", "cifar-square gpu", "Big_Square", "BIGSQUARE")) {
            assertEquals("CIFAR_Square_GPU", r.lookup(SHAPE, n).name(), n);
        }
        assertEquals(List.of("CIFAR_Square_GPU", "Circle"), r.names(SHAPE));
    }

    @Test
    void buildMergesArgumentsOverDefaults() {
        Registry r = registry();
        assertEquals(4.0, r.build(SHAPE, "BigSquare", ConfigFactory.empty(), Map.of()).area());
        assertEquals(9.0, r.build(SHAPE, ConfigFactory.parseString("type = cifar_square_gpu, side = 3"), Map.of()).area());
    }

    @Test
    void unknownNameListsKnownNamesAndTheClosest() {
        UnknownComponentException e = assertThrows(UnknownComponentException.class, () -> registry().lookup(SHAPE, "Circel"));
        assertEquals("unknown shape 'Circel'; did you mean 'Circle'? Known shape names: CIFAR_Square_GPU, Circle",
                e.getMessage());
        assertEquals("Circle", e.closest());
        e = assertThrows(UnknownComponentException.class, () -> registry().lookup(SHAPE, "Hexagon"));
        assertEquals("unknown shape 'Hexagon' Known shape names: CIFAR_Square_GPU, Circle. If 'Hexagon' comes from your own "
                + "jar, give the jar with --jars (or jars = [...] in the config), and register it by a ComponentProvider "
                + "listed in META-INF/services/org.modnas.core.registry.ComponentProvider", e.getMessage());
        assertNull(e.closest());
    }

    @Test
    void unknownArgumentNamesTheComponentAndItsArguments() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> registry().build(SHAPE, ConfigFactory.parseString("type = BigSquare, sid = 3"), Map.of()));
        assertEquals("shape 'CIFAR_Square_GPU' has no argument 'sid'; did you mean 'side'? Its arguments: side", e.getMessage());
    }

    @Test
    void missingTypeListsKnownNames() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> registry().build(SHAPE, ConfigFactory.parseString("side = 3"), Map.of()));
        assertEquals("shape section has no 'type'; known shape names: CIFAR_Square_GPU, Circle", e.getMessage());
    }

    @Test
    void aNameTakenTwiceWithinAKindIsAnError() {
        Registry r = registry();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> r.register(ComponentSpec.builder(SHAPE, "big-square").factory(a -> () -> 1)));
        assertEquals("shape name 'big-square' is registered twice (by 'CIFAR_Square_GPU' and 'big-square')", e.getMessage());
        Kind<Shape> other = Kind.of("other", Shape.class);
        r.register(ComponentSpec.builder(other, "Circle").factory(a -> () -> 1));
        assertTrue(r.contains(other, "circle"));
    }

    @Test
    void contextObjectsReachTheFactory() {
        Registry r = new Registry();
        r.register(ComponentSpec.builder(SHAPE, "Scaled").factory(a -> new Square(a.require(Double.class))));
        assertEquals(25.0, r.build(SHAPE, "scaled", null, Map.of(Double.class, 5.0)).area());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> r.build(SHAPE, "scaled", null, Map.of()));
        assertEquals("component 'Scaled' cannot be built without its Double", e.getMessage());
    }

    @Test
    void slotsRecordWhichPathHoldsWhichKind() {
        Registry r = registry().registerSlot("search.shape", SHAPE);
        assertSame(SHAPE, r.slots().get("search.shape"));
    }

    @Test
    void closestIgnoresFarOffNames() {
        assertEquals("population_size", Names.closest("pop_size", List.of("population_size", "sample_size")));
        assertEquals("sample_size", Names.closest("sampel_size", List.of("population_size", "sample_size")));
        assertNull(Names.closest("zzz", List.of("population_size")));
        assertEquals(3, Names.distance("kitten", "sitting"));
    }
}
