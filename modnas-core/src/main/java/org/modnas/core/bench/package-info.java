/** Benchmarks run as commands, printing {@code bench=<name> key=value ...} lines. */
package org.modnas.core.bench;
