/**
 * DJL search spaces of ModularNAS. {@link org.modnas.models.ModelsComponents}
 * registers the models, constructors, mixed ops and primitives of this module.
 */
package org.modnas.models;
