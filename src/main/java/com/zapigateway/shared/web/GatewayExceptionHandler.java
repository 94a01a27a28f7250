package com.zapigateway.shared.web;

import java.net.URI;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

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
 * {@code type} (see {@link ProblemTypes}). Never echoes Z-API's body or a secret.
 */
@RestControllerAdvice
class GatewayExceptionHandler extends ResponseEntityExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(GatewayExceptionHandler.class);

	@ExceptionHandler(AuthenticationException.class)
	ResponseEntity<Object> handleAuthentication(AuthenticationException ex) {
		ProblemDetail problem = ProblemTypes.create(HttpStatus.UNAUTHORIZED, ProblemTypes.UNAUTHORIZED, "Unauthorized",
				"A valid X-API-Key header is required");
		return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
			.header(HttpHeaders.WWW_AUTHENTICATE, "ApiKey header=\"X-API-Key\"")
			.body(problem);
	}

	@ExceptionHandler(AccessDeniedException.class)
	ResponseEntity<Object> handleAccessDenied(AccessDeniedException ex, HttpServletRequest request) {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		ProblemDetail problem = ProblemTypes.create(HttpStatus.FORBIDDEN, ProblemTypes.FORBIDDEN, "Forbidden",
				path.startsWith("/api/v1/tenants/") ? "This API key may not act for this tenant"
						: "This API key may not call operator endpoints");
		return ResponseEntity.status(HttpStatus.FORBIDDEN).body(problem);
	}

	@ExceptionHandler(PayloadTooLargeException.class)
	ResponseEntity<Object> handlePayloadTooLarge(PayloadTooLargeException ex) {
		return payloadTooLarge(ex);
	}

	@ExceptionHandler({ DataAccessResourceFailureException.class, CannotCreateTransactionException.class })
	ResponseEntity<Object> handleDatabaseUnavailable(Exception ex) {
		log.error("Database unavailable: {}", ex.getMessage());
		ProblemDetail problem = ProblemTypes.create(HttpStatus.SERVICE_UNAVAILABLE, ProblemTypes.DATABASE_UNAVAILABLE,
				"Database unavailable", "The gateway's database is unavailable; try again later");
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "5").body(problem);
	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<Object> handleUnexpected(Exception ex) {
		if (databaseUnavailable(ex)) {
			// e.g. a rollback on a connection the database dropped mid-transaction
			return handleDatabaseUnavailable(ex);
		}
		log.error("Unexpected error", ex);
		ProblemDetail problem = ProblemTypes.create(HttpStatus.INTERNAL_SERVER_ERROR, ProblemTypes.INTERNAL,
				"Internal error", "The gateway failed unexpectedly");
		return ResponseEntity.internalServerError().body(problem);
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
			return payloadTooLarge(tooLarge);
		}
		if (causeOfType(ex, Utf8Validator.MalformedBodyException.class) != null) {
			ProblemDetail problem = ProblemTypes.create(HttpStatus.BAD_REQUEST, ProblemTypes.MALFORMED_REQUEST,
					"Malformed request", "The request body is not well-formed UTF-8");
			return ResponseEntity.badRequest().body(problem);
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
		ProblemDetail problem = ProblemTypes.create(HttpStatus.BAD_REQUEST, ProblemTypes.MALFORMED_REQUEST,
				"Malformed request", "The request body is missing or is not a well-formed JSON object");
		return ResponseEntity.badRequest().body(problem);
	}

	@Override
	protected ResponseEntity<Object> createResponseEntity(@Nullable Object body, HttpHeaders headers,
			HttpStatusCode statusCode, WebRequest request) {
		if (body instanceof ProblemDetail problem
				&& (problem.getType() == null || URI.create("about:blank").equals(problem.getType()))) {
			problem.setType(ProblemTypes.forStatus(statusCode.value()));
		}
		return super.createResponseEntity(body, headers, statusCode, request);
	}

	private ResponseEntity<Object> payloadTooLarge(PayloadTooLargeException ex) {
		ProblemDetail problem = ProblemTypes.create(HttpStatus.CONTENT_TOO_LARGE, ProblemTypes.PAYLOAD_TOO_LARGE,
				"Payload too large", "The request body must not exceed " + ex.maxBytes() + " bytes");
		return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(problem);
	}

	private static ResponseEntity<Object> validationProblem(List<FieldProblem> errors) {
		ProblemDetail problem = ProblemTypes.create(HttpStatus.BAD_REQUEST, ProblemTypes.VALIDATION, "Invalid request",
				"The request has invalid fields: "
						+ errors.stream().map(FieldProblem::field).distinct().collect(Collectors.joining(", ")));
		problem.setProperty("errors", errors);
		return ResponseEntity.badRequest().body(problem);
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
