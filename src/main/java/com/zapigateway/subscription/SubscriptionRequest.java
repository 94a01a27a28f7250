package com.zapigateway.subscription;

import org.jspecify.annotations.Nullable;

/**
 * Optional body of a subscribe.
 *
 * @param withCalls subscribe with calls support (only for Z-API accounts with calls);
 * Z-API's default when absent
 */
record SubscriptionRequest(@Nullable Boolean withCalls) {
}
