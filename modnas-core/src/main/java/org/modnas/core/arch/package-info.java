/**
 * Architecture params, the arch space they form and the arch descs that name one point of it
 *. Everything here is plain Java: no DJL, no Spark.
 */
package org.modnas.core.arch;
