/**
 * Creating a billed Z-API instance exactly once: idempotency keys, the intent recorded
 * before Z-API is called, unknown outcomes, reconciliation against Z-API's partner list,
 * and the guard (concurrency limit, circuit breaker, retries of unsent requests) around
 * every Z-API call made for a caller, which the subscription feature shares through
 * {@link com.zapigateway.zapi.ZapiGuard}'s public methods. See
 * {@code docs/reliability.md}.
 */
@NullMarked
package com.zapigateway.creation;

import org.jspecify.annotations.NullMarked;
