package org.modnas.spark.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;

/** {@code search.prefilter}'s settings: off by default, and a metric no objective knows is refused naming the key. */
class PrefilterTest {
    private static Config config(String prefilter) {
        return ConfigFactory.parseString("search.prefilter { " + prefilter + " }")
                .withFallback(ConfigFactory.parseResources("reference.conf")).resolve();
    }

    @Test
    void offUnlessCandidatesAreGiven() {
        assertFalse(Prefilter.of(config("")).enabled());
        Prefilter p = Prefilter.of(config("candidates = 50, top = 5, metric = synflow"));
        assertTrue(p.enabled());
        assertEquals(5, p.top());
        assertEquals("synflow", p.metric());
    }

    @Test
    void anUnknownMetricIsRefusedNamingTheKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Prefilter.of(config("candidates = 50, metric = synflo")));
        assertTrue(e.getMessage().contains("search.prefilter.metric") && e.getMessage().contains("synflo"), e.getMessage());
    }
}
