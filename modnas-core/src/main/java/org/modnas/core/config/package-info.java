/**
 * The one config reader: HOCON files with includes, {@code key=value} overrides, the
 * {@code reference.conf} defaults of every module on the class path, validation against those
 * defaults and the component registry with messages naming file, line and key, the resolved
 * rendering and hash of a run's config, and ordered component chains. Files in the original
 * ModularNAS/Vega YAML layout ({@code .yml}, {@code .yaml}) are mapped onto the same model by
 * {@link org.modnas.core.config.VegaYamlReader} and validated the same way
 * ({@link org.modnas.core.config.ConfigLoader#loadAny}).
 */
package org.modnas.core.config;
