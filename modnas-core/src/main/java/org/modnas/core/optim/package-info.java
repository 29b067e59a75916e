/** Search algorithms (SPEC §5.5): the discrete ask/tell optimizers and their shared machinery. */
package org.modnas.core.optim;
