package com.zapigateway.shared.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The problems of an operation (a controller method) that are its own, beyond those the
 * catalogue gives every operation of its kind (see {@link Problem.Scope}): the API's
 * description documents them.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Answers {

	/**
	 * The operation's own problems ({@link Problem.Scope#DECLARED}).
	 * @return the problems
	 */
	Problem[] value() default {};

	/**
	 * Whether the operation calls Z-API, and so can answer every problem of
	 * {@link Problem.Scope#ZAPI}.
	 * @return whether it calls Z-API
	 */
	boolean callsZapi() default false;

}
