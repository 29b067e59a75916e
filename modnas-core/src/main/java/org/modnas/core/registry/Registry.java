package org.modnas.core.registry;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValue;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * The one registry of components: every optimizer, estimator, exporter, model,
 * constructor... is registered here explicitly (by a {@link ComponentProvider} found with
 * {@link ServiceLoader}, or a {@link #register} call) and created by name from config. Names
 * match per {@link Names#normalize}; an unknown name fails with the known names and the closest.
 * It also records which config paths hold which kind of component ({@link #registerSlot}), so
 * config validation can check a component's arguments.
 */
public final class Registry {
    private static volatile Registry global;

    private final Map<String, Map<String, ComponentSpec<?>>> byKind = new HashMap<>();
    private final Map<String, Map<String, ComponentSpec<?>>> byKindAndAlias = new HashMap<>();
    private final Map<String, Kind<?>> slots = new LinkedHashMap<>();
    private final Map<String, ValueRange> ranges = new LinkedHashMap<>();
    private final Map<String, List<String>> choices = new LinkedHashMap<>();
    private final Set<String> providers = new HashSet<>();
    private final Map<ClassLoader, Boolean> scannedLoaders = new WeakHashMap<>();

    /** An empty registry (tests, embedding). */
    public Registry() {
    }

    /**
     * The process-wide registry holding every provider found on the class path: this class's own
     * class loader, and the context class loader of each thread that asks. Spark gives the jars of
     * {@code spark.jars} their own loader on executors, and {@link UserJars} one on the driver; a
     * provider class seen through several loaders registers once.
     */
    public static Registry global() {
        Registry r = global;
        if (r == null) {
            synchronized (Registry.class) {
                r = global;
                if (r == null) {
                    r = new Registry();
                    r.addProviders(Registry.class.getClassLoader());
                    global = r;
                }
            }
        }
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        if (context != null) {
            r.addProviders(context);
        }
        return r;
    }

    /**
     * Registers every {@link ComponentProvider} that {@code loader} itself defines and lists under
     * {@code META-INF/services}, and that this registry has not registered yet (by class name): the
     * providers a parent loader defines are that loader's to register. A loader is searched once.
     */
    public void addProviders(ClassLoader loader) {
        synchronized (scannedLoaders) {
            if (scannedLoaders.put(loader, Boolean.TRUE) != null) {
                return;
            }
        }
        Iterator<ComponentProvider> it = ServiceLoader.load(ComponentProvider.class, loader).iterator();
        while (true) {
            ComponentProvider p;
            try {
                if (!it.hasNext()) {
                    break;
                }
                p = it.next();
            } catch (ServiceConfigurationError e) {
                // a provider this loader lists but cannot give as our ComponentProvider (the project's
                // classes loaded twice): the copy our own loader gives has registered it
                continue;
            }
            if (p.getClass().getClassLoader() != loader) {
                continue; // a parent's provider, seen through this loader: registered with the parent, or on purpose not
            }
            synchronized (this) {
                if (providers.add(p.getClass().getName())) {
                    p.register(this);
                }
            }
        }
    }

    /** Registers a component under its name and aliases; a name taken twice within a kind is an error. */
    public synchronized <T> Registry register(ComponentSpec<T> spec) {
        Map<String, ComponentSpec<?>> primary = byKind.computeIfAbsent(spec.kind().name(), k -> new LinkedHashMap<>());
        Map<String, ComponentSpec<?>> all = byKindAndAlias.computeIfAbsent(spec.kind().name(), k -> new HashMap<>());
        List<String> keys = new ArrayList<>();
        keys.add(spec.name());
        keys.addAll(spec.aliases());
        for (String k : keys) {
            ComponentSpec<?> prev = all.get(Names.normalize(k));
            if (prev != null && prev != spec) {
                throw new IllegalStateException(spec.kind().name() + " name '" + k + "' is registered twice (by '"
                        + prev.name() + "' and '" + spec.name() + "')");
            }
        }
        for (String k : keys) {
            all.put(Names.normalize(k), spec);
        }
        primary.put(spec.name(), spec);
        return this;
    }

    /** Declares that the config path (a {@code *} matching one key) holds a component of {@code kind}. */
    public synchronized Registry registerSlot(String pathPattern, Kind<?> kind) {
        slots.put(pathPattern, kind);
        return this;
    }

    /** Config paths holding components, pattern → kind. */
    public synchronized Map<String, Kind<?>> slots() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(slots));
    }

    /**
     * Declares the range of a numeric setting outside component sections, e.g.
     * {@code registerRange("data.batch_size", "> 0")}; config validation refuses values outside it.
     */
    public synchronized Registry registerRange(String path, String range) {
        ranges.put(path, ValueRange.parse(range));
        return this;
    }

    /** Declares the words a text setting outside component sections may be, e.g. {@code trainer.device}: auto, cpu, gpu. */
    public synchronized Registry registerChoices(String path, String... words) {
        choices.put(path, List.of(words));
        return this;
    }

    /** The declared choices of text settings, path → words. */
    public synchronized Map<String, List<String>> choices() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(choices));
    }

    /** The declared ranges of settings outside component sections, path → range. */
    public synchronized Map<String, ValueRange> ranges() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(ranges));
    }

    /** The spec registered under {@code name} (or an alias) for {@code kind}. */
    @SuppressWarnings("unchecked")
    public synchronized <T> ComponentSpec<T> lookup(Kind<T> kind, String name) {
        Map<String, ComponentSpec<?>> all = byKindAndAlias.getOrDefault(kind.name(), Map.of());
        ComponentSpec<?> s = name == null ? null : all.get(Names.normalize(name));
        if (s == null) {
            List<String> known = names(kind);
            List<String> withAliases = new ArrayList<>();
            for (ComponentSpec<?> spec : byKind.getOrDefault(kind.name(), Map.of()).values()) {
                withAliases.add(spec.name());
                withAliases.addAll(spec.aliases());
            }
            String closest = name == null ? null : Names.closest(name, withAliases);
            throw new UnknownComponentException(kind.name(), String.valueOf(name), known, closest);
        }
        return (ComponentSpec<T>) s;
    }

    public synchronized boolean contains(Kind<?> kind, String name) {
        return byKindAndAlias.getOrDefault(kind.name(), Map.of()).containsKey(Names.normalize(name));
    }

    /** The primary names registered for a kind, in registration order. */
    public synchronized List<String> names(Kind<?> kind) {
        return List.copyOf(byKind.getOrDefault(kind.name(), Map.of()).keySet());
    }

    /** Every spec of a kind, in registration order. */
    public synchronized List<ComponentSpec<?>> specs(Kind<?> kind) {
        return List.copyOf(byKind.getOrDefault(kind.name(), Map.of()).values());
    }

    /** Creates a component by name with arguments over its defaults; unknown arguments are rejected. */
    public <T> T build(Kind<T> kind, String name, Config args, Map<Class<?>, Object> context) {
        ComponentSpec<T> spec = lookup(kind, name);
        Config given = args == null ? ConfigFactory.empty() : args.withoutPath("type");
        for (Map.Entry<String, ConfigValue> e : given.root().entrySet()) {
            if (!spec.defaults().root().containsKey(e.getKey())) {
                String where = e.getValue().origin().filename() != null
                        ? e.getValue().origin().filename() + ":" + e.getValue().origin().lineNumber() + ": "
                        : "";
                String near = Names.closest(e.getKey(), spec.defaults().root().keySet());
                throw new IllegalArgumentException(where + spec.kind().name() + " '" + spec.name()
                        + "' has no argument '" + e.getKey() + "'"
                        + (near == null ? "" : "; did you mean '" + near + "'?")
                        + " Its arguments: " + (spec.defaults().root().isEmpty() ? "none"
                        : String.join(", ", new java.util.TreeSet<>(spec.defaults().root().keySet()))));
            }
        }
        Config merged = given.withFallback(spec.defaults());
        T t = spec.factory().create(new ComponentArgs(spec.name(), merged, context == null ? Map.of() : context));
        return kind.type().cast(t);
    }

    /** Creates a component from a config section holding {@code type} and its arguments. */
    public <T> T build(Kind<T> kind, Config section, Map<Class<?>, Object> context) {
        if (!section.hasPath("type")) {
            throw new IllegalArgumentException(kind.name() + " section has no 'type'; known " + kind.name()
                    + " names: " + String.join(", ", names(kind)));
        }
        return build(kind, section.getString("type"), section, context);
    }
}
