/** Benchmarks of this module (SPEC §10), run as commands, never as timed unit tests. */
package org.modnas.models.bench;
