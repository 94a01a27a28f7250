package com.zapigateway.apidocs;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import com.zapigateway.shared.web.FieldProblem;
import com.zapigateway.idempotency.IdempotencyKeys;
import com.zapigateway.shared.web.ProblemTypes;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import org.jspecify.annotations.Nullable;
import org.springdoc.core.customizers.OpenApiCustomizer;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;

/**
 * The OpenAPI description ({@code /v3/api-docs}, Swagger UI at {@code /swagger-ui.html}):
 * API-key security, the request id header, the problem+json schema, and an example for
 * every success and every error of every operation. Errors are derived from what each
 * kind of operation can answer (see
 * {@link #errorsOf(String, PathItem.HttpMethod, Operation)}), one example per problem
 * type, with {@code Retry-After} where it is sent. {@code OpenApiSpecTests} fails when an
 * error response has no example, when a type of {@link ProblemTypes} is documented
 * nowhere, and when the gateway answers a faulty request with a problem its operation
 * does not document.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

	private static final String PROBLEM_JSON = "application/problem+json";

	private static final String JSON = "application/json";

	private static final String API_KEY = "apiKey";

	/** Problem types answered with a {@code Retry-After} header. */
	private static final Set<String> RETRY_AFTER = Set.of("create-in-progress", "operation-in-progress", "rate-limited",
			"zapi-busy", "zapi-circuit-open", "create-not-stored", "database-unavailable", "overloaded");

	private final JsonMapper json = JsonMapper.builder().build();

	@Bean
	OpenAPI gatewayOpenApi() {
		return new OpenAPI()
			.info(new Info().title("zapi-gateway")
				.version("v1")
				.description("""
						Creates Z-API WhatsApp instances on demand for internal services, keeps them, reports \
						their trial, subscribes and cancels them, and alerts tenants before trials end. Every \
						error is RFC 9457 application/problem+json with a stable `type`, also those answered \
						before any operation: 405 method-not-allowed (a method the path does not have), 501 \
						not-implemented (a method or transfer coding the gateway does not implement) and 505 \
						http-version-not-supported (anything but HTTP/1.1 and 1.0).""")
				.license(new License().name("Proprietary").identifier("LicenseRef-Proprietary")))
			.servers(List.of(new Server().url("/").description("This gateway")))
			.components(new Components().addSecuritySchemes(API_KEY,
					new SecurityScheme().type(SecurityScheme.Type.APIKEY)
						.in(SecurityScheme.In.HEADER)
						.name("X-API-Key")
						.description("An internal client's API key; each key may act for some tenants")))
			.addSecurityItem(new SecurityRequirement().addList(API_KEY));
	}

	@Bean
	OpenApiCustomizer examplesAndErrors() {
		return (openApi) -> {
			openApi.getComponents().addSchemas("Problem", problemSchema());
			openApi.getComponents().getSchemas().forEach(OpenApiConfiguration::markNullable);
			describeLastDelivery(openApi.getComponents().getSchemas().get("LastDelivery"));
			openApi.getComponents().getSchemas().values().forEach(OpenApiConfiguration::ecmaPatterns);
			openApi.getPaths()
				.forEach((path, item) -> item.readOperationsMap()
					.forEach((method, op) -> describeOperation(path, method, op)));
		};
	}

	private void describeOperation(String path, PathItem.HttpMethod method, Operation op) {
		String key = method.name() + " " + path;
		String summary = ApiExamples.SUMMARIES.get(key);
		if (summary != null) {
			op.setSummary(summary);
		}
		addRequestId(op);
		exampleRequest(op, ApiExamples.REQUESTS.get(key));
		exampleResponses(op, ApiExamples.RESPONSES.getOrDefault(key, ApiExamples.ADMIN_RESPONSES.get(key)));
		if (ApiExamples.CREATED.contains(key)) {
			ApiResponse ok = op.getResponses().remove("200");
			if (ok != null) {
				op.getResponses().addApiResponse("201", ok.description("Created"));
			}
		}
		if (idempotent(path, method)) {
			describeIdempotencyKey(op);
		}
		errorsOf(path, method, op).forEach((status, problems) -> {
			Content content = new Content();
			MediaType media = new MediaType().schema(new Schema<>().$ref("#/components/schemas/Problem"));
			problems.forEach((name, problem) -> media.addExamples(name, new Example().value(problem)));
			content.addMediaType(PROBLEM_JSON, media);
			Map<String, Header> headers = requestIdHeader();
			Header retryAfter = retryAfter(problems);
			if (retryAfter != null) {
				headers.put(HttpHeaders.RETRY_AFTER, retryAfter);
			}
			op.getResponses()
				.addApiResponse(status,
						new ApiResponse().description(describe(status)).content(content).headers(headers));
		});
	}

	/**
	 * OpenAPI patterns are ECMA-262 regular expressions; Java's class union
	 * ({@code [\\n\\r[^...]]}) is not. Known Java-only patterns are rewritten to their
	 * ECMA-262 equivalent; an unknown one is dropped from the schema (validation still
	 * applies) and shown in the description rather than published wrong.
	 */
	@SuppressWarnings({ "rawtypes", "unchecked" })
	private static void ecmaPatterns(Schema schema) {
		Map<String, Schema> properties = schema.getProperties();
		if (properties == null) {
			return;
		}
		properties.values().forEach((property) -> {
			String pattern = property.getPattern();
			if (pattern == null || !pattern.matches(".*\\[[^\\]]*\\[.*")) {
				return;
			}
			String ecma = ApiExamples.ECMA_PATTERNS.get(pattern);
			if (ecma != null) {
				property.setPattern(ecma);
			}
			else {
				property.setPattern(null);
				String description = (property.getDescription() != null) ? property.getDescription() + " " : "";
				property.setDescription(description + "(Java pattern: " + pattern + ")");
			}
		});
	}

	/**
	 * Marks record components that may be null (jspecify {@code @Nullable}, which
	 * springdoc does not read) as such: those named in {@link ApiExamples#NULLABLE}, by
	 * name in any schema or as {@code Schema.property} in one.
	 */
	@SuppressWarnings({ "rawtypes", "unchecked" })
	private static void markNullable(String schemaName, Schema schema) {
		Map<String, Schema> properties = schema.getProperties();
		if (properties == null) {
			return;
		}
		properties.forEach((name, property) -> {
			Set<String> types = property.getTypes();
			boolean mayBeNull = ApiExamples.NULLABLE.contains(name)
					|| ApiExamples.NULLABLE.contains(schemaName + "." + name);
			if (mayBeNull && types != null && !types.contains("null")) {
				Set<String> nullable = new LinkedHashSet<>(types);
				nullable.add("null");
				property.setTypes(nullable);
				List<?> values = property.getEnum();
				if (values != null && !values.contains(null)) {
					// an enum that may be null lists null among its values
					property.addEnumItemObject(null);
				}
			}
		});
	}

	/**
	 * Says what a webhook's last delivery tells the tenant (springdoc only knows the
	 * record's types).
	 */
	@SuppressWarnings("rawtypes")
	private static void describeLastDelivery(@Nullable Schema schema) {
		if (schema == null || schema.getProperties() == null) {
			return;
		}
		schema.description("""
				The latest delivery attempt to this webhook since it was registered (absent until the first). \
				The receiver's answer body is never read nor shown.""");
		Map<String, Schema> properties = schema.getProperties();
		describe(properties.get("at"), "When the attempt ended");
		describe(properties.get("eventId"), "The event posted (its X-Webhook-Id)");
		describe(properties.get("status"), "The receiver's HTTP status; null if it did not answer");
		describe(properties.get("error"), """
				Why it was not delivered, null if it was: refused-address (the host is, or resolves to, a \
				loopback, private, link-local or otherwise non-public address: the gateway never connects \
				there), invalid-url (the stored URL is no longer accepted), unknown-host, connect-timeout, \
				connection-refused, tls, read-timeout, timeout (connect plus read timeout passed), \
				connection-failed, http-status (an answer other than 2xx: see status), internal. More kinds may \
				be added.""");
		describe(properties.get("delivered"), "Whether the receiver accepted it (2xx)");
	}

	@SuppressWarnings("rawtypes")
	private static void describe(@Nullable Schema property, String description) {
		if (property != null) {
			property.setDescription(description);
		}
	}

	/**
	 * Whether the operation honours an {@code Idempotency-Key}: create, subscribe,
	 * cancel.
	 */
	static boolean idempotent(String path, PathItem.HttpMethod method) {
		return (method == PathItem.HttpMethod.POST)
				&& (path.endsWith("/instances") || path.endsWith("/subscription") || path.endsWith("/cancellation"));
	}

	/**
	 * Documents the {@code Idempotency-Key} header (its format, published as ECMA-262)
	 * and the {@code Idempotent-Replayed} header of a replayed answer.
	 */
	private static void describeIdempotencyKey(Operation op) {
		if (op.getParameters() != null) {
			op.getParameters()
				.stream()
				.filter((parameter) -> IdempotencyKeys.HEADER.equals(parameter.getName()))
				.forEach((parameter) -> parameter.description("""
						Makes the request safe to retry: 1 to 255 printable ASCII characters, scoped per tenant. \
						The same key with the same request replays the first successful answer \
						(Idempotent-Replayed: true) without calling Z-API; with another request it is 422 \
						idempotency-key-reused; while the first request is in flight, 409 create-in-progress. \
						Failures are never replayed.""")
					.example("order-4711")
					.schema(new StringSchema().pattern("^" + IdempotencyKeys.PATTERN + "$")
						.minLength(1)
						.maxLength(255)));
		}
		op.getResponses().forEach((status, response) -> {
			if (status.startsWith("2")) {
				response.addHeaderObject(IdempotencyKeys.REPLAYED_HEADER, new Header()
					.description("true when this answer replays an earlier request with the same Idempotency-Key"
							+ " (nothing was done for this request); absent otherwise")
					.schema(new StringSchema()._enum(List.of("true"))));
			}
		});
	}

	/**
	 * What each kind of operation can answer as an error (the README's problem-type
	 * table), by status, with one example per problem type, named by the type.
	 */
	static Map<String, Map<String, Map<String, Object>>> errorsOf(String path, PathItem.HttpMethod method,
			Operation op) {
		Errors errors = new Errors(examplePath(path));
		boolean hasBody = op.getRequestBody() != null;
		boolean create = method == PathItem.HttpMethod.POST && path.endsWith("/instances");
		boolean lifecycle = path.endsWith("/subscription") || path.endsWith("/cancellation");
		boolean callsZapi = idempotent(path, method);
		boolean admin = path.startsWith("/api/v1/admin/");
		boolean hasParameters = path.contains("{") || (op.getParameters() != null && op.getParameters()
			.stream()
			.anyMatch((parameter) -> "query".equals(parameter.getIn()) || "path".equals(parameter.getIn())));

		if (hasParameters || hasBody) {
			errors.validation(invalidField(path, method));
		}
		if (hasBody) {
			errors.add(400, ProblemTypes.MALFORMED_REQUEST, "Malformed request",
					"The request body is missing or is not a well-formed JSON object");
		}
		// any URL: checked before the request reaches the operation
		errors.add(400, ProblemTypes.API_KEY_IN_URL, "API key in URL",
				"Query parameter 'api_key' looks like a credential: API keys are accepted only in the X-API-Key"
						+ " header. A key that was sent in a URL may have been logged: rotate it");
		errors.add(400, ProblemTypes.REQUEST_REJECTED, "Request rejected",
				"The request URL is not allowed (encoded slashes, dot segments or control characters)");
		// refused before routing: no instance
		errors.byStatus.get("400").get("request-rejected").remove("instance");
		errors.add(401, ProblemTypes.UNAUTHORIZED, "Unauthorized", "A valid X-API-Key header is required");
		errors.add(403, ProblemTypes.FORBIDDEN, "Forbidden",
				admin ? "This API key may not call operator endpoints" : "This API key may not act for this tenant");
		if (path.contains("{instanceId}")) {
			errors.add(404, ProblemTypes.NOT_FOUND, "Instance not found",
					"Tenant acme has no instance 3C8A1F6E2B9D40A7");
		}
		else if (path.endsWith("/webhook") && method != PathItem.HttpMethod.PUT) {
			errors.add(404, ProblemTypes.NOT_FOUND, "Webhook not found", "Tenant acme has no webhook");
		}
		errors.add(406, ProblemTypes.NOT_ACCEPTABLE, "Not Acceptable",
				"Acceptable representations: [application/json].");
		if (create) {
			errors.add(409, ProblemTypes.TRIAL_INSTANCE_LIMIT, "Trial instance limit reached",
					"Tenant acme already has 50 instances in trial, the most allowed; no instance was created");
		}
		if (lifecycle) {
			errors.add(409, ProblemTypes.INSTANCE_DELETED, "Instance deleted",
					"Z-API deleted instance 3C8A1F6E2B9D40A7; it can no longer be subscribed or cancelled");
			if (path.endsWith("/cancellation")) {
				errors.add(409, ProblemTypes.INSTANCE_NOT_SUBSCRIBED, "Instance not subscribed",
						"Instance 3C8A1F6E2B9D40A7 has no subscription to cancel");
			}
			errors.add(409, ProblemTypes.OPERATION_IN_PROGRESS, "Operation in progress",
					"Another subscribe or cancel of instance 3C8A1F6E2B9D40A7 is in progress; retry later");
		}
		if (callsZapi) {
			errors.add(409, ProblemTypes.CREATE_IN_PROGRESS, "Request in progress",
					"A request with this Idempotency-Key is still in progress; retry later with the same key and body");
			errors.add(422, ProblemTypes.IDEMPOTENCY_KEY_REUSED, "Idempotency-Key reused",
					"This Idempotency-Key was already used with a different request body; use a new key for a new request");
		}
		// the body limit applies to any request; documented where a body is expected
		if (hasBody || method == PathItem.HttpMethod.POST || method == PathItem.HttpMethod.PUT) {
			errors.add(413, ProblemTypes.PAYLOAD_TOO_LARGE, "Payload too large",
					"The request body must not exceed 16384 bytes");
		}
		// a body that is not JSON; on any route, a Content-Type that is a wildcard
		if (hasBody || method == PathItem.HttpMethod.POST || method == PathItem.HttpMethod.PUT) {
			errors.add(415, ProblemTypes.UNSUPPORTED_MEDIA_TYPE, "Unsupported Media Type",
					"Content-Type 'text/plain' is not supported.");
		}
		if (create) {
			errors.add(429, ProblemTypes.RATE_LIMITED, "Too many creates",
					"This client may create at most 20 instances per PT1M; retry after 3 s");
		}
		errors.add(500, ProblemTypes.INTERNAL, "Internal error", "The gateway failed unexpectedly");
		if (callsZapi) {
			errors.add(502, ProblemTypes.ZAPI_CREDENTIALS_REJECTED, "Z-API rejected the gateway's credentials",
					"Z-API refused the gateway's partner credentials. Operators must check the partner token.");
			errors.add(502, ProblemTypes.ZAPI_REQUEST_REJECTED, "Z-API rejected the request",
					"Z-API refused the request.");
			errors.add(502, ProblemTypes.ZAPI_RATE_LIMITED, "Z-API rate limit",
					"Z-API is limiting the gateway's request rate; try again later.");
			errors.add(502, ProblemTypes.ZAPI_SERVER_ERROR, "Z-API failed", "Z-API answered with a server error.");
			if (create) {
				errors.add(502, ProblemTypes.ZAPI_CREATE_FAILED, "Z-API did not create the instance",
						"Z-API answered without an instance id and token, or with an error.");
			}
			errors.add(502, ProblemTypes.ZAPI_MALFORMED_RESPONSE, "Malformed Z-API answer",
					"Z-API's answer could not be read.");
		}
		errors.add(503, ProblemTypes.DATABASE_UNAVAILABLE, "Database unavailable",
				"The gateway's database is unavailable; try again later");
		if (method == PathItem.HttpMethod.GET) {
			errors.add(503, ProblemTypes.OVERLOADED, "Gateway overloaded",
					"This gateway is answering 64 reads at once, the most it takes; retry in 1 s");
		}
		if (callsZapi) {
			errors.add(503, ProblemTypes.ZAPI_UNREACHABLE, "Z-API unreachable",
					"Z-API could not be reached; the request was not sent.");
			errors.add(503, ProblemTypes.ZAPI_BUSY, "Too many Z-API calls",
					"Too many Z-API calls are in flight; nothing was sent. Try again shortly.");
			errors.add(503, ProblemTypes.ZAPI_CIRCUIT_OPEN, "Z-API failing",
					"Z-API has been failing; the gateway is not calling it for now and nothing was sent. Try again later.");
		}
		if (create) {
			errors.add(503, ProblemTypes.CREATE_NOT_STORED, "Create not stored yet",
					"Z-API created the instance but the gateway could not store it yet; retry with the same"
							+ " Idempotency-Key to receive it (it will not be created again)");
		}
		if (callsZapi) {
			errors.add(504, ProblemTypes.ZAPI_TIMEOUT, "Z-API timed out",
					"Z-API did not answer in time; whether it acted on the request is unknown.");
			errors.add(504, ProblemTypes.ZAPI_CONNECTION_LOST, "Connection to Z-API lost",
					"The connection to Z-API broke after the request was sent; whether it acted on it is unknown.");
		}
		return errors.byStatus;
	}

	/** A typical invalid field of the operation, as the gateway reports it. */
	private static FieldProblem invalidField(String path, PathItem.HttpMethod method) {
		if (path.endsWith("/instances")) {
			return (method == PathItem.HttpMethod.POST) ? new FieldProblem("name", "must not be blank")
					: new FieldProblem("trialStatus",
							"must be one of [ACTIVE, EXPIRING_SOON, EXPIRED, SUBSCRIBED, DELETED]");
		}
		if (path.endsWith("/webhook") && method == PathItem.HttpMethod.PUT) {
			return new FieldProblem("url", "must point at a public host: no localhost, local-only or single-label name,"
					+ " and no loopback, private, link-local, reserved or non-canonical IP address");
		}
		if (path.endsWith("/summary")) {
			return new FieldProblem("next", "must be greater than or equal to 0");
		}
		if (path.contains("{instanceId}")) {
			return new FieldProblem("instanceId", "must match \"[A-Za-z0-9_-]{1,255}\"");
		}
		return new FieldProblem("tenantId", "must match \"[A-Za-z0-9][A-Za-z0-9_-]{0,63}\"");
	}

	/**
	 * A documented path with the examples' values: {@code acme},
	 * {@code 3C8A1F6E2B9D40A7}.
	 */
	private static String examplePath(String path) {
		return path.replace("{tenantId}", "acme").replace("{instanceId}", "3C8A1F6E2B9D40A7");
	}

	/**
	 * The {@code Retry-After} header of an error response, if any of its problem types is
	 * sent with one.
	 */
	private static @Nullable Header retryAfter(Map<String, Map<String, Object>> problems) {
		List<String> with = problems.keySet().stream().filter(RETRY_AFTER::contains).sorted().toList();
		if (with.isEmpty()) {
			return null;
		}
		return new Header().description("Seconds to wait before trying again; sent with " + String.join(", ", with))
			.schema(new IntegerSchema().minimum(java.math.BigDecimal.ONE))
			.example(1);
	}

	private void exampleRequest(Operation op, String example) {
		if (op.getRequestBody() == null || op.getRequestBody().getContent() == null || example == null) {
			return;
		}
		op.getRequestBody().getContent().values().forEach((media) -> media.setExample(parse(example)));
	}

	private void exampleResponses(Operation op, String example) {
		ApiResponses responses = op.getResponses();
		if (responses == null) {
			return;
		}
		responses.forEach((status, response) -> {
			response.headers(requestIdHeader());
			if (status.startsWith("2") && response.getContent() != null && example != null) {
				response.getContent().values().forEach((media) -> media.setExample(parse(example)));
			}
		});
		// springdoc's generic answers from the exception handler are replaced by the
		// problem responses added next
		responses.keySet().removeIf((status) -> !status.startsWith("2"));
	}

	private Object parse(String example) {
		return this.json.readValue(example, Object.class);
	}

	private static void addRequestId(Operation op) {
		boolean present = op.getParameters() != null
				&& op.getParameters().stream().anyMatch((parameter) -> "X-Request-Id".equals(parameter.getName()));
		if (!present) {
			op.addParametersItem(new HeaderParameter().name("X-Request-Id")
				.required(false)
				.description("Correlates logs; 1-64 of A-Z a-z 0-9 . _ : - (else a new id is used). Echoed.")
				.schema(new StringSchema().pattern("^[A-Za-z0-9._:-]{1,64}$"))
				.example("7f3c2a9e-1b4d-4c8e-9a51-2d6f0b8e4c13"));
		}
	}

	private static Map<String, Header> requestIdHeader() {
		Map<String, Header> headers = new LinkedHashMap<>();
		headers.put("X-Request-Id",
				new Header().description("This request's id (the caller's, or a new one)").schema(new StringSchema()));
		return headers;
	}

	private static String describe(String status) {
		return switch (status) {
			case "400" -> "Invalid request";
			case "401" -> "Missing or invalid API key";
			case "403" -> "API key not allowed for this tenant";
			case "404" -> "Not found for this tenant";
			case "406" -> "The Accept header does not allow JSON";
			case "409" -> "A limit or the instance's state does not allow it, or a request with the same"
					+ " Idempotency-Key is in flight; Z-API was not called";
			case "413" -> "Request body too large";
			case "415" -> "Request body not JSON, or a Content-Type that is no media type";
			case "422" -> "Idempotency-Key already used with another request; Z-API was not called";
			case "429" -> "Too many creates by this API key; Z-API was not called";
			case "500" -> "Unexpected failure";
			case "502" -> "Z-API answered badly";
			case "503" -> "Database or Z-API unavailable, or Z-API not called for now; see the type";
			case "504" -> "Z-API's outcome unknown";
			default -> "Error";
		};
	}

	/**
	 * An operation's error examples by status, each named by its problem type's last
	 * segment.
	 */
	private static final class Errors {

		private final Map<String, Map<String, Map<String, Object>>> byStatus = new TreeMap<>();

		private final String instance;

		Errors(String instance) {
			this.instance = instance;
		}

		void add(int status, URI type, String title, String detail) {
			Map<String, Object> problem = new LinkedHashMap<>();
			problem.put("type", type.toString());
			problem.put("title", title);
			problem.put("status", status);
			problem.put("detail", detail);
			problem.put("instance", this.instance);
			add(status, type, problem);
		}

		void validation(FieldProblem field) {
			add(400, ProblemTypes.VALIDATION, "Invalid request", "The request has invalid fields: " + field.field());
			this.byStatus.get("400")
				.get(slug(ProblemTypes.VALIDATION))
				.put("errors", List.of(Map.of("field", field.field(), "message", field.message())));
		}

		private void add(int status, URI type, Map<String, Object> problem) {
			this.byStatus.computeIfAbsent(Integer.toString(status), (key) -> new LinkedHashMap<>())
				.put(slug(type), problem);
		}

		private static String slug(URI type) {
			String text = type.toString();
			return text.substring(text.lastIndexOf(':') + 1);
		}

	}

	@SuppressWarnings("rawtypes")
	private static Schema<?> problemSchema() {
		Schema<?> fieldProblem = new ObjectSchema().addProperty("field", new StringSchema())
			.addProperty("message", new StringSchema());
		return new ObjectSchema().description("RFC 9457 problem details")
			.addProperty("type", new StringSchema().format("uri").description("Stable kind of problem"))
			.addProperty("title", new StringSchema())
			.addProperty("status", new IntegerSchema())
			.addProperty("detail", new StringSchema())
			.addProperty("instance", new StringSchema().format("uri-reference"))
			.addProperty("errors",
					new ArraySchema().items((Schema) fieldProblem)
						.description("Invalid fields (validation problems only)"))
			.required(List.of("type", "title", "status"));
	}

}
