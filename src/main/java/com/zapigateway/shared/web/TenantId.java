package com.zapigateway.shared.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import jakarta.validation.constraints.Pattern;

/**
 * A tenant id: 1 to 64 of {@code A-Z a-z 0-9 _ -}, not starting with {@code _} or
 * {@code -}. Reported as the {@link Pattern} it is made of ({@code must match "..."}).
 */
@Pattern(regexp = TenantId.PATTERN)
@Constraint(validatedBy = {})
@Target({ ElementType.PARAMETER, ElementType.FIELD, ElementType.METHOD, ElementType.TYPE_USE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface TenantId {

	/** The regular expression of a tenant id. */
	String PATTERN = "[A-Za-z0-9][A-Za-z0-9_-]{0,63}";

	/** What is wrong with a value that is no tenant id (the {@link Pattern}'s words). */
	String MESSAGE = "must match \"" + PATTERN + "\"";

	String message() default MESSAGE;

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

}
