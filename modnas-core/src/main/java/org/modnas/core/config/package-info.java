/**
 * The one config reader (SPEC §4): HOCON files with includes, {@code key=value} overrides, the
 * {@code reference.conf} defaults of every module on the class path, validation against those
 * defaults and the component registry with messages naming file, line and key, the resolved
 * rendering and hash of a run's config, and ordered component chains.
 */
package org.modnas.core.config;
