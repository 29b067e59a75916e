/** Benchmarks of this module, run as commands, never as timed unit tests. */
package org.modnas.models.bench;
