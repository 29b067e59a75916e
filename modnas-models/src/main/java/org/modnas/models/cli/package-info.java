/** Command-line entry points of this module, called by the project's launcher (SPEC §6.6). */
package org.modnas.models.cli;
