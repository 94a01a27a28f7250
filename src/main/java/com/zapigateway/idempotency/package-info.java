/**
 * The one Idempotency-Key mechanism of create, subscribe and cancel: the key's format,
 * the request's fingerprint, the leased request record ({@link IdempotentRequests} over
 * {@code idempotent_requests}) with its replay and purge, and the two problems a reused
 * key can get.
 */
@NullMarked
package com.zapigateway.idempotency;

import org.jspecify.annotations.NullMarked;
