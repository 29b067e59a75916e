/**
 * Zero-cost proxies: figures of an untrained network, from one batch, that may rank architectures
 * as their training would (synflow, NASWOT, grad_norm, snip, jacob_cov), and the estimator that
 * scores a candidate by them in well under a second.
 */
package org.modnas.models.proxy;
