/**
 * Expiry alerts: per-tenant webhooks receiving signed events through an outbox, at least
 * once, with retries and backoff.
 */
@NullMarked
package com.zapigateway.webhook;

import org.jspecify.annotations.NullMarked;
