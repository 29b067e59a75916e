/** Benchmarks run as commands (SPEC §10), printing {@code bench=<name> key=value ...} lines. */
package org.modnas.core.bench;
