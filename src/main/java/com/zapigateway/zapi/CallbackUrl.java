package com.zapigateway.zapi;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;

/**
 * A webhook URL Z-API can call: one that
 * {@link com.zapigateway.outbound.OutboundUrlPolicy} allows (absolute {@code https}, a
 * public host, no credentials, no fragment, a valid port). {@code null} is valid (the
 * field was not given).
 */
@Documented
@Constraint(validatedBy = CallbackUrlValidator.class)
@Target({ ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
public @interface CallbackUrl {

	String message() default "must be an absolute https URL with a public host name (no credentials, no localhost, no private or loopback IP)";

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

}
