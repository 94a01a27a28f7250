package com.zapigateway.shared.web;

import java.net.URI;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/**
 * The stable {@code type} URIs of every kind of error the gateway answers (RFC 9457).
 * Callers may switch on them; they never change meaning.
 */
public final class ProblemTypes {

	private static final String PREFIX = "urn:zapi-gateway:problem:";

	public static final URI VALIDATION = type("validation");

	public static final URI MALFORMED_REQUEST = type("malformed-request");

	public static final URI PAYLOAD_TOO_LARGE = type("payload-too-large");

	public static final URI UNSUPPORTED_MEDIA_TYPE = type("unsupported-media-type");

	public static final URI NOT_ACCEPTABLE = type("not-acceptable");

	public static final URI METHOD_NOT_ALLOWED = type("method-not-allowed");

	public static final URI UNAUTHORIZED = type("unauthorized");

	public static final URI FORBIDDEN = type("forbidden");

	public static final URI NOT_FOUND = type("not-found");

	public static final URI ZAPI_CREDENTIALS_REJECTED = type("zapi-credentials-rejected");

	public static final URI ZAPI_REQUEST_REJECTED = type("zapi-request-rejected");

	public static final URI ZAPI_RATE_LIMITED = type("zapi-rate-limited");

	public static final URI ZAPI_SERVER_ERROR = type("zapi-server-error");

	public static final URI ZAPI_CREATE_FAILED = type("zapi-create-failed");

	public static final URI ZAPI_MALFORMED_RESPONSE = type("zapi-malformed-response");

	public static final URI ZAPI_UNREACHABLE = type("zapi-unreachable");

	public static final URI ZAPI_TIMEOUT = type("zapi-timeout");

	public static final URI ZAPI_CONNECTION_LOST = type("zapi-connection-lost");

	public static final URI INSTANCE_DELETED = type("instance-deleted");

	public static final URI INSTANCE_NOT_SUBSCRIBED = type("instance-not-subscribed");

	public static final URI OPERATION_IN_PROGRESS = type("operation-in-progress");

	public static final URI ZAPI_CIRCUIT_OPEN = type("zapi-circuit-open");

	public static final URI ZAPI_BUSY = type("zapi-busy");

	public static final URI IDEMPOTENCY_KEY_REUSED = type("idempotency-key-reused");

	public static final URI CREATE_IN_PROGRESS = type("create-in-progress");

	public static final URI CREATE_NOT_STORED = type("create-not-stored");

	public static final URI RATE_LIMITED = type("rate-limited");

	public static final URI TRIAL_INSTANCE_LIMIT = type("trial-instance-limit-reached");

	public static final URI API_KEY_IN_URL = type("api-key-in-url");

	public static final URI REQUEST_REJECTED = type("request-rejected");

	/**
	 * 501: a method or a transfer coding the gateway does not implement, refused before
	 * routing.
	 */
	public static final URI NOT_IMPLEMENTED = type("not-implemented");

	/** 505: an HTTP version the connector does not speak (only HTTP/1.0 and 1.1). */
	public static final URI HTTP_VERSION_NOT_SUPPORTED = type("http-version-not-supported");

	public static final URI DATABASE_UNAVAILABLE = type("database-unavailable");

	public static final URI OVERLOADED = type("overloaded");

	public static final URI INTERNAL = type("internal");

	private ProblemTypes() {
	}

	/**
	 * The type of a problem known only by its status: the servlet container's errors and
	 * Spring MVC's own exceptions. A status with a type of its own gets it; any other is
	 * {@link #MALFORMED_REQUEST} (4xx) or {@link #INTERNAL} (5xx).
	 * @param status the HTTP status code
	 * @return the type
	 */
	public static URI forStatus(int status) {
		return switch (status) {
			case 401 -> UNAUTHORIZED;
			case 403 -> FORBIDDEN;
			case 404 -> NOT_FOUND;
			case 405 -> METHOD_NOT_ALLOWED;
			case 406 -> NOT_ACCEPTABLE;
			case 413 -> PAYLOAD_TOO_LARGE;
			case 415 -> UNSUPPORTED_MEDIA_TYPE;
			case 501 -> NOT_IMPLEMENTED;
			case 505 -> HTTP_VERSION_NOT_SUPPORTED;
			default -> (status >= 500) ? INTERNAL : MALFORMED_REQUEST;
		};
	}

	/**
	 * A problem as JSON text, for the answers written outside Spring MVC (the security
	 * firewall, Tomcat's error report), where no message converter runs. The texts are
	 * the gateway's own constants, never anything from the request, so nothing is
	 * escaped.
	 * @param type the type
	 * @param title the title
	 * @param status the HTTP status
	 * @param detail the detail
	 * @return the problem as JSON
	 */
	public static String json(URI type, String title, int status, String detail) {
		return "{\"type\":\"" + type + "\",\"title\":\"" + title + "\",\"status\":" + status + ",\"detail\":\"" + detail
				+ "\"}";
	}

	private static URI type(String slug) {
		return URI.create(PREFIX + slug);
	}

	/**
	 * A problem with its type, title and detail set.
	 * @param status the HTTP status
	 * @param type one of this class's types
	 * @param title a short, fixed summary of the kind of problem
	 * @param detail this occurrence, for humans
	 * @return the problem
	 */
	public static ProblemDetail create(HttpStatusCode status, URI type, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(type);
		problem.setTitle(title);
		return problem;
	}

}
