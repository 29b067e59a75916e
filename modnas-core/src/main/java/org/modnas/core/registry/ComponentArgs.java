package org.modnas.core.registry;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a factory gets: its config section merged over the component's defaults (the {@code type}
 * key removed), and context objects that do not come from config (the arch space, the objective,
 * a seed...), looked up by type.
 */
public final class ComponentArgs {
    private final String componentName;
    private final Config config;
    private final Map<Class<?>, Object> context;

    public ComponentArgs(String componentName, Config config, Map<Class<?>, Object> context) {
        this.componentName = componentName;
        this.config = config;
        this.context = Collections.unmodifiableMap(new HashMap<>(context));
    }

    public static ComponentArgs of(Config config) {
        return new ComponentArgs("", config, Map.of());
    }

    public static ComponentArgs empty() {
        return of(ConfigFactory.empty());
    }

    /** The registered name of the component being built. */
    public String componentName() {
        return componentName;
    }

    /** The arguments: the config section over the component's defaults. */
    public Config config() {
        return config;
    }

    /** A context object of the given type. */
    public <C> Optional<C> context(Class<C> type) {
        Object o = context.get(type);
        return o == null ? Optional.empty() : Optional.of(type.cast(o));
    }

    /** A context object that the component cannot be built without. */
    public <C> C require(Class<C> type) {
        return context(type).orElseThrow(() -> new IllegalStateException(
                "component '" + componentName + "' cannot be built without its " + type.getSimpleName()));
    }

    public ComponentArgs withContext(Class<?> type, Object value) {
        Map<Class<?>, Object> m = new HashMap<>(context);
        m.put(type, value);
        return new ComponentArgs(componentName, config, m);
    }

    Map<Class<?>, Object> contextMap() {
        return context;
    }
}
