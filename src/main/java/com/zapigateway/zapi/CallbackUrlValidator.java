package com.zapigateway.zapi;

import com.zapigateway.outbound.OutboundUrlPolicy;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import org.jspecify.annotations.Nullable;

/**
 * Accepts only the URLs {@link OutboundUrlPolicy} allows: absolute {@code https} to a
 * public host. There is no loopback opt-in here: Z-API, not the gateway, calls these
 * URLs, and it cannot reach the gateway's loopback. Host names are not resolved (the
 * threat model explains why that is acceptable for URLs only Z-API calls).
 */
class CallbackUrlValidator implements ConstraintValidator<CallbackUrl, String> {

	@Override
	public boolean isValid(@Nullable String value, ConstraintValidatorContext context) {
		return value == null || OutboundUrlPolicy.evaluate(value) == OutboundUrlPolicy.Verdict.ALLOWED;
	}

}
