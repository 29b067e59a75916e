/**
 * Weight training: the image-classification trainer, its settings, evaluation and
 * batch-norm recalibration, with every tensor scoped so memory stays flat across candidates.
 */
package org.modnas.models.train;
