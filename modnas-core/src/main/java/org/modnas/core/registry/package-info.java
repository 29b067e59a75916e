/**
 * The component registry: kinds, names with their aliases, explicit registration through
 * {@link org.modnas.core.registry.ComponentProvider}, and creation by name from config.
 */
package org.modnas.core.registry;
