/**
 * DJL search spaces of ModularNAS (SPEC §3, §5.1–§5.4, §5.8). {@link org.modnas.models.ModelsComponents}
 * registers the models, constructors, mixed ops and primitives of this module.
 */
package org.modnas.models;
