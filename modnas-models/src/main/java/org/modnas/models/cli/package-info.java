/** Command-line entry points of this module, called by the project's launcher. */
package org.modnas.models.cli;
