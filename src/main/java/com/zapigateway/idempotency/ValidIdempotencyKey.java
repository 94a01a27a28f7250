package com.zapigateway.idempotency;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import jakarta.validation.constraints.Pattern;

/**
 * An {@code Idempotency-Key} header value in the gateway's format
 * ({@link IdempotencyKeys#PATTERN}); {@code null} (no header) is valid. Every endpoint
 * that honours the header validates it with this one constraint.
 */
@Documented
@Constraint(validatedBy = {})
@Pattern(regexp = IdempotencyKeys.PATTERN, message = IdempotencyKeys.MESSAGE)
@Target({ ElementType.PARAMETER, ElementType.FIELD, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
public @interface ValidIdempotencyKey {

	String message() default IdempotencyKeys.MESSAGE;

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

}
