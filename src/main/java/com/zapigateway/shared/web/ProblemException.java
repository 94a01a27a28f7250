package com.zapigateway.shared.web;

import java.util.List;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.web.ErrorResponseException;

/**
 * An error answered as its {@link Problem}, with {@code Retry-After} where the catalogue
 * sends one. Modules' exceptions extend it, so that no exception handler needs to know
 * them.
 */
public class ProblemException extends ErrorResponseException {

	private final Problem problem;

	/**
	 * An occurrence of a problem.
	 * @param problem the problem
	 * @param args the values of its detail's {@code %s}, in order
	 */
	public ProblemException(Problem problem, Object... args) {
		this(problem, (Throwable) null, args);
	}

	/**
	 * An occurrence of a problem caused by another exception.
	 * @param problem the problem
	 * @param cause the cause, for the logs
	 * @param args the values of its detail's {@code %s}, in order
	 */
	public ProblemException(Problem problem, @Nullable Throwable cause, Object... args) {
		super(problem.status(), problem.toProblemDetail(args), cause);
		this.problem = problem;
		if (problem.retryAfter() > 0) {
			retryAfter(problem.retryAfter());
		}
	}

	/**
	 * A validation problem listing the invalid fields.
	 * @param errors the invalid fields
	 * @return the exception
	 */
	public static ProblemException invalid(List<FieldProblem> errors) {
		ProblemException ex = new ProblemException(Problem.VALIDATION,
				errors.stream().map(FieldProblem::field).distinct().collect(Collectors.joining(", ")));
		ex.getBody().setProperty("errors", errors);
		return ex;
	}

	public Problem problem() {
		return this.problem;
	}

	/**
	 * Sends {@code Retry-After} with this occurrence's own wait.
	 * @param seconds the seconds to wait, at least 1
	 */
	protected final void retryAfter(long seconds) {
		getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
	}

}
