/**
 * Multi-fidelity scheduling: the rungs of a resource (training steps or epochs) and the decisions
 * of successive halving, ASHA and Hyperband about which trial continues to the next rung and when a
 * new one starts. Pure decision logic, separate from where trials run and how results are stored.
 */
package org.modnas.core.schedule;
