package com.zapigateway.shared.web;

import java.net.URI;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

import org.springframework.beans.TypeMismatchException;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error the gateway answers, as {@code application/problem+json} with a stable
 * {@code type} (see {@link Problem}). Never echoes Z-API's body or a secret.
 */
@RestControllerAdvice
class GatewayExceptionHandler extends ResponseEntityExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(GatewayExceptionHandler.class);

	@ExceptionHandler(AuthenticationException.class)
	ResponseEntity<Object> handleAuthentication(AuthenticationException ex) {
		return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
			.header(HttpHeaders.WWW_AUTHENTICATE, "ApiKey header=\"X-API-Key\"")
			.body(Problem.UNAUTHORIZED.toProblemDetail());
	}

	@ExceptionHandler(AccessDeniedException.class)
	ResponseEntity<Object> handleAccessDenied(AccessDeniedException ex, HttpServletRequest request) {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		return answer(path.startsWith("/api/v1/tenants/") ? Problem.FORBIDDEN : Problem.FORBIDDEN_OPERATOR);
	}

	@ExceptionHandler(PayloadTooLargeException.class)
	ResponseEntity<Object> handlePayloadTooLarge(PayloadTooLargeException ex) {
		return answer(Problem.PAYLOAD_TOO_LARGE, ex.maxBytes());
	}

	@ExceptionHandler({ DataAccessResourceFailureException.class, CannotCreateTransactionException.class })
	ResponseEntity<Object> handleDatabaseUnavailable(Exception ex) {
		log.error("Database unavailable: {}", ex.getMessage());
		return answer(Problem.DATABASE_UNAVAILABLE);
	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<Object> handleUnexpected(Exception ex) {
		if (databaseUnavailable(ex)) {
			// e.g. a rollback on a connection the database dropped mid-transaction
			return handleDatabaseUnavailable(ex);
		}
		log.error("Unexpected error", ex);
		return answer(Problem.INTERNAL);
	}

	@Override
	protected @Nullable ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<FieldProblem> errors = new ArrayList<>();
		ex.getBindingResult()
			.getFieldErrors()
			.forEach((error) -> errors.add(new FieldProblem(error.getField(), message(error))));
		ex.getBindingResult()
			.getGlobalErrors()
			.forEach((error) -> errors.add(new FieldProblem(error.getObjectName(), message(error))));
		return validationProblem(errors);
	}

	@Override
	protected @Nullable ResponseEntity<Object> handleHandlerMethodValidationException(
			HandlerMethodValidationException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<FieldProblem> errors = new ArrayList<>();
		ex.getParameterValidationResults().forEach((result) -> {
			String name = result.getMethodParameter().getParameterName();
			result.getResolvableErrors().forEach((error) -> {
				String field = (error instanceof FieldError fieldError) ? fieldError.getField() : name;
				errors.add(new FieldProblem((field != null) ? field : "parameter", message(error)));
			});
		});
		return validationProblem(errors);
	}

	@Override
	protected @Nullable ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers,
			HttpStatusCode status, WebRequest request) {
		String name = (ex.getPropertyName() != null) ? ex.getPropertyName() : "parameter";
		Class<?> required = ex.getRequiredType();
		String expected = (required != null && required.isEnum())
				? "must be one of " + List.of(required.getEnumConstants()) : "has the wrong type";
		return validationProblem(List.of(new FieldProblem(name, expected)));
	}

	@Override
	protected @Nullable ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		PayloadTooLargeException tooLarge = causeOfType(ex, PayloadTooLargeException.class);
		if (tooLarge != null) {
			return answer(Problem.PAYLOAD_TOO_LARGE, tooLarge.maxBytes());
		}
		if (causeOfType(ex, Utf8Validator.MalformedBodyException.class) != null) {
			return answer(Problem.MALFORMED_UTF8);
		}
		WellFormedStringDeserializer.UnpairedSurrogateException surrogate = causeOfType(ex,
				WellFormedStringDeserializer.UnpairedSurrogateException.class);
		if (surrogate != null) {
			return validationProblem(List
				.of(new FieldProblem(path(surrogate), "must be well-formed Unicode (it has an unpaired surrogate)")));
		}
		UnrecognizedPropertyException unknown = causeOfType(ex, UnrecognizedPropertyException.class);
		if (unknown != null) {
			return validationProblem(List.of(new FieldProblem(path(unknown), "unknown field")));
		}
		MismatchedInputException mismatched = causeOfType(ex, MismatchedInputException.class);
		if (mismatched != null && !mismatched.getPath().isEmpty()) {
			String expected = (mismatched.getTargetType() != null)
					? "must be a JSON " + jsonTypeName(mismatched.getTargetType()) : "has the wrong type";
			return validationProblem(List.of(new FieldProblem(path(mismatched), expected)));
		}
		return answer(Problem.MALFORMED_REQUEST);
	}

	@Override
	protected ResponseEntity<Object> createResponseEntity(@Nullable Object body, HttpHeaders headers,
			HttpStatusCode statusCode, WebRequest request) {
		if (body instanceof ProblemDetail problem
				&& (problem.getType() == null || URI.create("about:blank").equals(problem.getType()))) {
			problem.setType(Problem.forStatus(statusCode.value()).type());
		}
		return super.createResponseEntity(body, headers, statusCode, request);
	}

	private static ResponseEntity<Object> answer(Problem problem, Object... args) {
		ProblemException ex = new ProblemException(problem, args);
		return ResponseEntity.status(ex.getStatusCode()).headers(ex.getHeaders()).body(ex.getBody());
	}

	private static ResponseEntity<Object> validationProblem(List<FieldProblem> errors) {
		ProblemException ex = ProblemException.invalid(errors);
		return ResponseEntity.badRequest().body(ex.getBody());
	}

	private static String message(MessageSourceResolvable error) {
		String message = error.getDefaultMessage();
		if (error instanceof FieldError fieldError && fieldError.isBindingFailure()) {
			return "has the wrong type";
		}
		return (message != null) ? message : "is invalid";
	}

	private static String path(JacksonException ex) {
		StringBuilder path = new StringBuilder();
		for (JacksonException.Reference reference : ex.getPath()) {
			if (reference.getPropertyName() != null) {
				if (!path.isEmpty()) {
					path.append('.');
				}
				path.append(reference.getPropertyName());
			}
			else if (reference.getIndex() >= 0) {
				path.append('[').append(reference.getIndex()).append(']');
			}
		}
		return path.isEmpty() ? "body" : path.toString();
	}

	private static String jsonTypeName(Class<?> type) {
		if (type == Boolean.class || type == boolean.class) {
			return "boolean";
		}
		if (type == String.class) {
			return "string";
		}
		if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
			return "number";
		}
		return "object";
	}

	/**
	 * Whether the database connection failed somewhere in the cause chain: Spring's
	 * resource-failure exceptions, JDBC connection exceptions, SQLState class 08
	 * (connection exception), which Hikari and the PostgreSQL driver use for dropped
	 * connections, or a JDBC commit or rollback that failed (Hibernate's
	 * {@code TransactionException} over an {@code SQLException}: e.g. Hikari's
	 * "Connection is closed", without an SQLState, when the pool already evicted the
	 * broken connection).
	 */
	static boolean databaseUnavailable(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof DataAccessResourceFailureException || cause instanceof CannotCreateTransactionException
					|| cause instanceof SQLTransientConnectionException
					|| cause instanceof SQLNonTransientConnectionException) {
				return true;
			}
			if (cause instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
				return true;
			}
			if (cause instanceof org.hibernate.TransactionException && cause.getCause() instanceof SQLException) {
				return true;
			}
			if (cause.getCause() == cause) {
				break;
			}
		}
		return false;
	}

	private static <T extends Throwable> @Nullable T causeOfType(Throwable ex, Class<T> type) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (type.isInstance(cause)) {
				return type.cast(cause);
			}
			if (cause.getCause() == cause) {
				break;
			}
		}
		return null;
	}

}
