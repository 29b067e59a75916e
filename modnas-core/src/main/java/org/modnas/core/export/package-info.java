/**
 * Exporters: the forms a chosen architecture is written in (a list per slot, nested
 * maps by module, a map by param), and the arch desc files in YAML, JSON or HOCON that carry them
 * from a search to a retraining run.
 */
package org.modnas.core.export;
