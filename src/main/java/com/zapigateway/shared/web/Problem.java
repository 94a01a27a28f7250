package com.zapigateway.shared.web;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * The catalogue of every problem the gateway answers (RFC 9457): its stable {@code type}
 * URI (callers may switch on it; it never changes meaning), status, title, detail (a
 * {@link String#format} template filled in by the occurrence), whether it is sent with
 * {@code Retry-After}, and on which operations it can occur, for the API's description.
 * Several entries may share a type: the same kind of problem in different words.
 */
public enum Problem {

	VALIDATION("validation", HttpStatus.BAD_REQUEST, "Invalid request", "The request has invalid fields: %s",
			Scope.PARAMETERS),

	MALFORMED_REQUEST("malformed-request", HttpStatus.BAD_REQUEST, "Malformed request",
			"The request body is missing or is not a well-formed JSON object", Scope.BODY),

	MALFORMED_UTF8("malformed-request", HttpStatus.BAD_REQUEST, "Malformed request",
			"The request body is not well-formed UTF-8", Scope.NONE),

	API_KEY_IN_URL("api-key-in-url", HttpStatus.BAD_REQUEST, "API key in URL",
			"Query parameter '%s' looks like a credential: API keys are accepted only in the X-API-Key header."
					+ " A key that was sent in a URL may have been logged: rotate it",
			Scope.EVERY),

	/** The security firewall's refusal, before routing. */
	REQUEST_REJECTED("request-rejected", HttpStatus.BAD_REQUEST, "Request rejected",
			"The request URL is not allowed (encoded slashes, dot segments or control characters)", Scope.EVERY),

	/** Tomcat's refusal, before the application. */
	REQUEST_REFUSED("request-rejected", HttpStatus.BAD_REQUEST, "Request rejected",
			"The request was refused before it reached the gateway: malformed or forbidden URL, or headers too large",
			Scope.NONE),

	UNAUTHORIZED("unauthorized", HttpStatus.UNAUTHORIZED, "Unauthorized", "A valid X-API-Key header is required",
			Scope.EVERY),

	FORBIDDEN("forbidden", HttpStatus.FORBIDDEN, "Forbidden", "This API key may not act for this tenant", Scope.TENANT),

	FORBIDDEN_OPERATOR("forbidden", HttpStatus.FORBIDDEN, "Forbidden", "This API key may not call operator endpoints",
			Scope.OPERATOR),

	NOT_FOUND("not-found", HttpStatus.NOT_FOUND, "Not Found", "Nothing is served at this path", Scope.NONE),

	INSTANCE_NOT_FOUND("not-found", HttpStatus.NOT_FOUND, "Instance not found", "Tenant %s has no instance %s",
			Scope.DECLARED),

	WEBHOOK_NOT_FOUND("not-found", HttpStatus.NOT_FOUND, "Webhook not found", "Tenant %s has no webhook",
			Scope.DECLARED),

	/** Answered by Spring MVC, in its words, for a method the path does not have. */
	METHOD_NOT_ALLOWED("method-not-allowed", HttpStatus.METHOD_NOT_ALLOWED, "Method Not Allowed",
			"Method 'PATCH' is not supported.", Scope.NONE),

	/** Answered by Spring MVC, in its words. */
	NOT_ACCEPTABLE("not-acceptable", HttpStatus.NOT_ACCEPTABLE, "Not Acceptable",
			"Acceptable representations: [application/json].", Scope.EVERY),

	TRIAL_INSTANCE_LIMIT("trial-instance-limit-reached", HttpStatus.CONFLICT, "Trial instance limit reached",
			"Tenant %s already has %s instances in trial, the most allowed; no instance was created", Scope.DECLARED),

	INSTANCE_DELETED("instance-deleted", HttpStatus.CONFLICT, "Instance deleted",
			"Z-API deleted instance %s; it can no longer be subscribed or cancelled", Scope.DECLARED),

	/** A connection call (status, QR code, phone code, restart, disconnect). */
	INSTANCE_DELETED_CONNECTION("instance-deleted", HttpStatus.CONFLICT, "Instance deleted",
			"Z-API deleted instance %s; no phone can be connected to it", Scope.DECLARED),

	INSTANCE_NOT_SUBSCRIBED("instance-not-subscribed", HttpStatus.CONFLICT, "Instance not subscribed",
			"Instance %s has no subscription to cancel", Scope.DECLARED),

	INSTANCE_NOT_SUBSCRIBED_UPGRADE("instance-not-subscribed", HttpStatus.CONFLICT, "Instance not subscribed",
			"Instance %s has no subscription to upgrade; subscribe it first", Scope.DECLARED),

	ALREADY_CONNECTED("already-connected", HttpStatus.CONFLICT, "Already connected",
			"A phone is already connected to instance %s; no QR or phone code is needed", Scope.DECLARED),

	/**
	 * Sent with {@code Retry-After}: when the flow lapses by itself (the occurrence
	 * computes it; the catalogue's value is the default flow expiry).
	 */
	QR_CODE_LIMIT("qr-code-limit", HttpStatus.TOO_MANY_REQUESTS, "QR code limit reached",
			"%s QR codes of instance %s were served without a phone connecting; ask for a new flow with"
					+ " ?restart=true when the user is ready to scan",
			600, Scope.DECLARED),

	OPERATION_IN_PROGRESS("operation-in-progress", HttpStatus.CONFLICT, "Operation in progress",
			"Another subscribe, cancel or upgrade of instance %s is in progress; retry later", 5, Scope.DECLARED),

	/** On every endpoint that honours an Idempotency-Key (named after the create's). */
	CREATE_IN_PROGRESS("create-in-progress", HttpStatus.CONFLICT, "Request in progress",
			"A request with this Idempotency-Key is still in progress; retry later with the same key and body", 1,
			Scope.IDEMPOTENT),

	PAYLOAD_TOO_LARGE("payload-too-large", HttpStatus.CONTENT_TOO_LARGE, "Payload too large",
			"The request body must not exceed %s bytes", Scope.BODY_METHOD),

	/** Answered by Spring MVC, in its words. */
	UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported Media Type",
			"Content-Type 'text/plain' is not supported.", Scope.BODY_METHOD),

	IDEMPOTENCY_KEY_REUSED("idempotency-key-reused", HttpStatus.UNPROCESSABLE_CONTENT, "Idempotency-Key reused",
			"This Idempotency-Key was already used with a different request body; use a new key for a new request",
			Scope.IDEMPOTENT),

	RATE_LIMITED("rate-limited", HttpStatus.TOO_MANY_REQUESTS, "Too many creates",
			"This client may create at most %s instances per %s; retry after %s s", 1, Scope.DECLARED),

	INTERNAL("internal", HttpStatus.INTERNAL_SERVER_ERROR, "Internal error", "The gateway failed unexpectedly",
			Scope.EVERY),

	/** The security firewall's refusal of a method outside the gateway's. */
	NOT_IMPLEMENTED("not-implemented", HttpStatus.NOT_IMPLEMENTED, "Not implemented",
			"The gateway does not implement this request method", Scope.NONE),

	/** Tomcat's refusal of a method or transfer coding. */
	NOT_IMPLEMENTED_CODING("not-implemented", HttpStatus.NOT_IMPLEMENTED, "Not implemented",
			"The request uses a method or a transfer coding the gateway does not implement", Scope.NONE),

	ZAPI_CREDENTIALS_REJECTED("zapi-credentials-rejected", HttpStatus.BAD_GATEWAY,
			"Z-API rejected the gateway's credentials",
			"Z-API refused the gateway's credentials; nothing was done."
					+ " Operators must check the partner token and, for calls to an instance, the account"
					+ " security token (zapi.client-token).",
			Scope.ZAPI),

	ZAPI_REQUEST_REJECTED("zapi-request-rejected", HttpStatus.BAD_GATEWAY, "Z-API rejected the request",
			"Z-API refused the request; it did nothing (a create: no instance was created).", Scope.ZAPI),

	ZAPI_RATE_LIMITED("zapi-rate-limited", HttpStatus.BAD_GATEWAY, "Z-API rate limit",
			"Z-API is limiting the gateway's request rate; try again later.", Scope.ZAPI),

	ZAPI_SERVER_ERROR("zapi-server-error", HttpStatus.BAD_GATEWAY, "Z-API failed",
			"Z-API answered with a server error.", Scope.ZAPI),

	ZAPI_CREATE_FAILED("zapi-create-failed", HttpStatus.BAD_GATEWAY, "Z-API did not create the instance",
			"Z-API answered without an instance id and token, or with an error.", Scope.DECLARED),

	ZAPI_CLIENT_TOKEN_REQUIRED("zapi-client-token-required", HttpStatus.BAD_GATEWAY,
			"Z-API requires the account security token",
			"Z-API refused the call without the account's security token (Client-Token)."
					+ " Operators must set zapi.client-token (ZAPI_CLIENT_TOKEN).",
			Scope.DECLARED),

	ZAPI_MALFORMED_RESPONSE("zapi-malformed-response", HttpStatus.BAD_GATEWAY, "Malformed Z-API answer",
			"Z-API's answer could not be read.", Scope.ZAPI),

	DATABASE_UNAVAILABLE("database-unavailable", HttpStatus.SERVICE_UNAVAILABLE, "Database unavailable",
			"The gateway's database is unavailable; try again later", 5, Scope.EVERY),

	OVERLOADED("overloaded", HttpStatus.SERVICE_UNAVAILABLE, "Gateway overloaded",
			"This gateway is answering %s reads at once, the most it takes; retry in 1 s", 1, Scope.READ),

	ZAPI_UNREACHABLE("zapi-unreachable", HttpStatus.SERVICE_UNAVAILABLE, "Z-API unreachable",
			"Z-API could not be reached; the request was not sent.", Scope.ZAPI),

	ZAPI_BUSY("zapi-busy", HttpStatus.SERVICE_UNAVAILABLE, "Too many Z-API calls",
			"Too many Z-API calls are in flight; nothing was sent. Try again shortly.", 1, Scope.ZAPI),

	ZAPI_CIRCUIT_OPEN("zapi-circuit-open", HttpStatus.SERVICE_UNAVAILABLE, "Z-API failing",
			"Z-API has been failing; the gateway is not calling it for now and nothing was sent. Try again later.", 1,
			Scope.ZAPI),

	CREATE_NOT_STORED("create-not-stored", HttpStatus.SERVICE_UNAVAILABLE, "Create not stored yet",
			"Z-API created the instance but the gateway could not store it yet; retry with the same"
					+ " Idempotency-Key to receive it (it will not be created again)",
			1, Scope.DECLARED),

	ZAPI_TIMEOUT("zapi-timeout", HttpStatus.GATEWAY_TIMEOUT, "Z-API timed out",
			"Z-API did not answer in time; whether it acted on the request is unknown.", Scope.ZAPI),

	ZAPI_CONNECTION_LOST("zapi-connection-lost", HttpStatus.GATEWAY_TIMEOUT, "Connection to Z-API lost",
			"The connection to Z-API broke after the request was sent; whether it acted on it is unknown.", Scope.ZAPI),

	/** Tomcat's refusal: only HTTP/1.0 and 1.1 are spoken. */
	HTTP_VERSION_NOT_SUPPORTED("http-version-not-supported", HttpStatus.HTTP_VERSION_NOT_SUPPORTED,
			"HTTP version not supported", "The gateway speaks HTTP/1.1 and HTTP/1.0 only", Scope.NONE);

	private static final String PREFIX = "urn:zapi-gateway:problem:";

	private final URI type;

	private final HttpStatus status;

	private final String title;

	private final String detail;

	private final int retryAfter;

	private final Scope scope;

	Problem(String slug, HttpStatus status, String title, String detail, Scope scope) {
		this(slug, status, title, detail, 0, scope);
	}

	Problem(String slug, HttpStatus status, String title, String detail, int retryAfter, Scope scope) {
		this.type = URI.create(PREFIX + slug);
		this.status = status;
		this.title = title;
		this.detail = detail;
		this.retryAfter = retryAfter;
		this.scope = scope;
	}

	public URI type() {
		return this.type;
	}

	/**
	 * The type's last segment, e.g. {@code not-found}.
	 * @return the slug
	 */
	public String slug() {
		return this.type.toString().substring(PREFIX.length());
	}

	public HttpStatus status() {
		return this.status;
	}

	public String title() {
		return this.title;
	}

	/**
	 * This problem's detail for one occurrence.
	 * @param args the values of the template's {@code %s}, in order
	 * @return the detail
	 */
	public String detail(Object... args) {
		return (args.length == 0) ? this.detail : String.format(this.detail, args);
	}

	/**
	 * The {@code Retry-After} seconds sent when the occurrence does not compute its own.
	 * @return the seconds, or 0 when no {@code Retry-After} is sent
	 */
	public int retryAfter() {
		return this.retryAfter;
	}

	public Scope scope() {
		return this.scope;
	}

	/**
	 * This problem as a body.
	 * @param args the values of the detail's {@code %s}, in order
	 * @return the problem
	 */
	public ProblemDetail toProblemDetail(Object... args) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(this.status, detail(args));
		problem.setType(this.type);
		problem.setTitle(this.title);
		return problem;
	}

	/**
	 * This problem as JSON text, for the answers written outside Spring MVC (the security
	 * firewall, Tomcat's error report), where no message converter runs. The texts are
	 * the catalogue's constants, never anything from the request, so nothing is escaped.
	 * @return the problem as JSON
	 */
	public String json() {
		return json(this.type, this.status.value());
	}

	String json(URI type, int status) {
		return "{\"type\":\"" + type + "\",\"title\":\"" + this.title + "\",\"status\":" + status + ",\"detail\":\""
				+ this.detail + "\"}";
	}

	/**
	 * The problem of an answer known only by its status: the servlet container's errors
	 * and Spring MVC's own exceptions. A status with a type of its own gets it; any other
	 * is {@link #MALFORMED_REQUEST} (4xx) or {@link #INTERNAL} (5xx).
	 * @param status the HTTP status code
	 * @return the problem
	 */
	public static Problem forStatus(int status) {
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

	/** On which operations of the API a problem can occur. */
	public enum Scope {

		/** Any operation: checked before the request reaches it, or any failure. */
		EVERY,
		/** Operations with path or query parameters or a body. */
		PARAMETERS,
		/** Operations with a request body. */
		BODY,
		/** Operations with a request body, or a method that may carry one. */
		BODY_METHOD,
		/** Operations for one tenant. */
		TENANT,
		/** Operations for operators (no tenant). */
		OPERATOR,
		/** Reads ({@code GET}). */
		READ,
		/** Operations honouring an {@code Idempotency-Key}. */
		IDEMPOTENT,
		/** Operations that call Z-API ({@link Answers#callsZapi()}). */
		ZAPI,
		/** Operations that declare it ({@link Answers#value()}). */
		DECLARED,
		/** None: answered before any operation is chosen. */
		NONE

	}

}
