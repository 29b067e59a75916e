package org.modnas.core.export;

import org.modnas.core.arch.ArchDesc;
import org.modnas.core.registry.Kind;

/**
 * Turns the chosen architecture into the form a user or a later run reads: a value made
 * of lists, maps (string keys) and JSON scalars, which {@link DescFiles} writes as YAML, JSON or
 * HOCON. Configured at {@code search.export.<name>}; every exporter accepts a {@code file} argument.
 */
public interface Exporter {
    /** The registry kind of every exporter, configured at {@code search.export.*}. */
    Kind<Exporter> KIND = Kind.of("export", Exporter.class);

    /** The desc in this exporter's form. */
    Object export(ArchDesc desc);

    /**
     * The file name (under the run's {@code outputs/}) this exporter writes, or null for the run's
     * default {@code arch_<estimator>_best.yaml}.
     */
    String file();
}
