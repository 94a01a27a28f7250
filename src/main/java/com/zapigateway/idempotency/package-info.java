/**
 * Idempotency-Key handling shared by create, subscribe and cancel: the key's format, the
 * request's fingerprint, and the two problems a reused key can get.
 */
@NullMarked
package com.zapigateway.idempotency;

import org.jspecify.annotations.NullMarked;
