package com.zapigateway.subscription;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import org.jspecify.annotations.Nullable;

/**
 * Body of a subscription upgrade.
 *
 * @param withCalls must be {@code true}: add voice calls to the subscription (only for
 * Z-API accounts with calls; Z-API cannot remove them again)
 */
record UpgradeRequest(@NotNull(message = ONLY_TRUE) @AssertTrue(message = ONLY_TRUE) @Nullable Boolean withCalls) {

	static final String ONLY_TRUE = "must be true (Z-API cannot remove calls from a subscription)";

}
