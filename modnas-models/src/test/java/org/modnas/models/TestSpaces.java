package org.modnas.models;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.modnas.core.registry.Registry;
import org.modnas.models.space.SearchSpace;
import org.modnas.models.space.Spaces;

/** Small helpers for tests: search spaces from HOCON text, against the global registry. */
public final class TestSpaces {
    private TestSpaces() {
    }

    public static Config section(String hocon) {
        return ConfigFactory.parseString(hocon).resolve();
    }

    public static SearchSpace search(String hocon, long seed) {
        return Spaces.build(section(hocon), Registry.global(), seed);
    }

    /** The network of the section's arch_desc, built by its desc_construct chain. */
    public static SearchSpace retrain(String hocon) {
        return Spaces.buildFromDesc(section(hocon), Registry.global(), 0, null);
    }

    /** The base network of a model: every slot built as the published block. */
    public static SearchSpace base(String modelArgs) {
        return search("model { " + modelArgs + " }\n construct { predefined { type = MobileNetV2PredefinedConstructor } }", 0);
    }
}
