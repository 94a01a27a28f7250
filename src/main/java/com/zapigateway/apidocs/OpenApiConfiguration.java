package com.zapigateway.apidocs;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import com.zapigateway.idempotency.IdempotencyKeys;
import com.zapigateway.limits.LimitsProperties;
import com.zapigateway.shared.web.Answers;
import com.zapigateway.shared.web.FieldProblem;
import com.zapigateway.shared.web.HttpProperties;
import com.zapigateway.shared.web.Problem;
import com.zapigateway.shared.web.TenantId;
import io.swagger.v3.core.util.Json31;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import org.jspecify.annotations.Nullable;
import org.springdoc.core.customizers.OpenApiCustomizer;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The OpenAPI description ({@code /v3/api-docs}, Swagger UI at {@code /swagger-ui.html}).
 * Each operation's errors come from the catalogue of problems: those of its kind
 * ({@link Problem.Scope}) and those its controller method declares ({@link Answers}), one
 * example each, with the limits the gateway is configured with.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

	private static final String TENANT = "acme";

	private static final String INSTANCE = "3C8A1F6E2B9D40A7";

	private final Examples examples;

	OpenApiConfiguration() throws IOException {
		this.examples = read("apidocs/operations.json", Examples.class);
		this.examples.parameters().get(IdempotencyKeys.HEADER).getSchema().pattern("^" + IdempotencyKeys.PATTERN + "$");
	}

	/** What the code does not say: description, servers, security. */
	@Bean
	OpenAPI gatewayOpenApi() throws IOException {
		return read("apidocs/openapi.json", OpenAPI.class);
	}

	@Bean
	OpenApiCustomizer examplesAndErrors(
			@Qualifier("requestMappingHandlerMapping") RequestMappingHandlerMapping handlerMapping, HttpProperties http,
			LimitsProperties limits) {
		LimitsProperties.Rate rate = limits.createRate();
		Map<Problem, List<Object>> details = new EnumMap<>(Problem.class);
		details.putAll(Map.of(Problem.API_KEY_IN_URL, List.of("api_key"), Problem.INSTANCE_NOT_FOUND,
				List.of(TENANT, INSTANCE), Problem.WEBHOOK_NOT_FOUND, List.of(TENANT), Problem.TRIAL_INSTANCE_LIMIT,
				List.of(TENANT, limits.maxTrialInstancesPerTenant()), Problem.INSTANCE_DELETED, List.of(INSTANCE),
				Problem.INSTANCE_NOT_SUBSCRIBED, List.of(INSTANCE), Problem.OPERATION_IN_PROGRESS, List.of(INSTANCE),
				Problem.PAYLOAD_TOO_LARGE, List.of(http.maxRequestBody().toBytes()), Problem.RATE_LIMITED,
				List.of(rate.capacity(), rate.period(), Math.max(1, rate.period().toSeconds() / rate.capacity())),
				Problem.OVERLOADED, List.of(limits.maxConcurrentReads())));
		details.putAll(Map.of(Problem.INSTANCE_DELETED_CONNECTION, List.of(INSTANCE), Problem.ALREADY_CONNECTED,
				List.of(INSTANCE), Problem.QR_CODE_LIMIT, List.of(3, INSTANCE)));
		return (openApi) -> {
			openApi.getComponents().getSchemas().putAll(this.examples.schemas());
			openApi.getComponents().getSchemas().forEach(this::publish);
			Map<String, HandlerMethod> handlers = new LinkedHashMap<>();
			handlerMapping.getHandlerMethods().forEach((info, handler) -> {
				for (RequestMethod method : info.getMethodsCondition().getMethods()) {
					info.getPatternValues().forEach((path) -> handlers.put(method + " " + path, handler));
				}
			});
			openApi.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, op) -> {
				describe(method + " " + path, op);
				errors(path, method, op, handlers.get(method + " " + path), details);
			}));
		};
	}

	private void describe(String key, Operation op) {
		op.addParametersItem(this.examples.parameters().get("X-Request-Id"));
		ApiResponses responses = op.getResponses();
		// springdoc's answers from the exception handlers give way to the problems
		responses.keySet().removeIf((status) -> !status.startsWith("2"));
		responses.values().forEach((response) -> response.headers(headers()));
		Examples.Operation example = this.examples.operations().get(key);
		if (example == null || responses.size() != 1) {
			return;
		}
		op.setSummary(example.summary());
		if (op.getRequestBody() != null && example.request() != null) {
			op.getRequestBody().getContent().values().forEach((media) -> media.setExample(example.request()));
		}
		ApiResponse success = responses.remove(responses.keySet().iterator().next());
		responses.addApiResponse(Integer.toString(example.status()),
				success.description(HttpStatus.valueOf(example.status()).getReasonPhrase()));
		if (success.getContent() != null && example.response() != null) {
			// a JSON example; another media type (a QR code's PNG) keeps its annotation's
			success.getContent().forEach((type, media) -> {
				if (type.contains("json") || media.getExamples() == null) {
					media.setExample(example.response());
				}
			});
		}
	}

	/** The problems the operation can answer, by status, one example each. */
	private void errors(String path, PathItem.HttpMethod method, Operation op, @Nullable HandlerMethod handler,
			Map<Problem, List<Object>> details) {
		Answers declared = (handler != null) ? handler.getMethodAnnotation(Answers.class) : null;
		MethodParameter tenant = (handler != null) ? Arrays.stream(handler.getMethodParameters())
			.filter((parameter) -> parameter.hasParameterAnnotation(TenantId.class))
			.findFirst()
			.orElse(null) : null;
		List<Parameter> parameters = (op.getParameters() != null) ? op.getParameters() : List.of();
		boolean idempotent = parameters.stream().anyMatch((p) -> IdempotencyKeys.HEADER.equals(p.getName()));
		if (idempotent) {
			parameters.replaceAll((p) -> this.examples.parameters().getOrDefault(p.getName(), p));
			op.getResponses()
				.forEach((status, response) -> response.getHeaders()
					.putIfAbsent(IdempotencyKeys.REPLAYED_HEADER,
							this.examples.headers().get(IdempotencyKeys.REPLAYED_HEADER)));
		}
		boolean body = op.getRequestBody() != null;
		boolean named = parameters.stream().anyMatch((p) -> "path".equals(p.getIn()) || "query".equals(p.getIn()));
		FieldProblem invalid = (tenant != null)
				? new FieldProblem(String.valueOf(tenant.getParameterName()), TenantId.MESSAGE)
				: new FieldProblem("parameter", "is invalid");
		Map<HttpStatus, List<Problem>> byStatus = new TreeMap<>();
		Arrays.stream(Problem.values()).filter((problem) -> switch (problem.scope()) {
			case EVERY -> true;
			case PARAMETERS -> body || named;
			case BODY -> body;
			case BODY_METHOD -> body || method == PathItem.HttpMethod.POST || method == PathItem.HttpMethod.PUT;
			case TENANT -> tenant != null;
			case OPERATOR -> tenant == null;
			case READ -> method == PathItem.HttpMethod.GET;
			case IDEMPOTENT -> idempotent;
			case ZAPI -> declared != null && declared.callsZapi();
			case DECLARED -> declared != null && List.of(declared.value()).contains(problem);
			case NONE -> false;
		}).forEach((problem) -> byStatus.computeIfAbsent(problem.status(), (status) -> new ArrayList<>()).add(problem));
		byStatus.forEach((status, problems) -> {
			MediaType media = new MediaType().schema(new Schema<>().$ref("#/components/schemas/Problem"));
			for (Problem problem : problems) {
				Map<String, Object> value = new LinkedHashMap<>();
				value.put("type", problem.type().toString());
				value.put("title", problem.title());
				value.put("status", status.value());
				value.put("detail", (problem == Problem.VALIDATION) ? problem.detail(invalid.field())
						: problem.detail(details.getOrDefault(problem, List.of()).toArray()));
				if (problem != Problem.REQUEST_REJECTED) {
					// the firewall refuses before routing, without an instance
					value.put("instance", path.replace("{tenantId}", TENANT).replace("{instanceId}", INSTANCE));
				}
				if (problem == Problem.VALIDATION) {
					value.put("errors", List.of(invalid));
				}
				media.addExamples(problem.slug(), new Example().value(value));
			}
			Map<String, Header> headers = headers();
			List<String> waiting = problems.stream().filter((p) -> p.retryAfter() > 0).map(Problem::slug).toList();
			if (!waiting.isEmpty()) {
				Header retryAfter = Json31.mapper()
					.convertValue(this.examples.headers().get("Retry-After"), Header.class);
				headers.put("Retry-After", retryAfter
					.description(retryAfter.getDescription() + "; sent with " + String.join(", ", waiting)));
			}
			op.getResponses()
				.addApiResponse(Integer.toString(status.value()), new ApiResponse()
					.description(problems.stream().map(Problem::title).distinct().collect(Collectors.joining("; ")))
					.content(new Content().addMediaType("application/problem+json", media))
					.headers(headers));
		});
	}

	/** What springdoc cannot read: descriptions, nullable properties, ECMA patterns. */
	@SuppressWarnings({ "rawtypes", "unchecked" })
	private void publish(String name, Schema schema) {
		schema.setDescription(this.examples.descriptions().getOrDefault(name, schema.getDescription()));
		Map<String, Schema> properties = (schema.getProperties() != null) ? schema.getProperties() : Map.of();
		properties.forEach((propertyName, property) -> {
			String key = name + "." + propertyName;
			property.setDescription(this.examples.descriptions().getOrDefault(key, property.getDescription()));
			Set<String> types = property.getTypes();
			if ((this.examples.nullable().contains(propertyName) || this.examples.nullable().contains(key))
					&& types != null && !types.contains("null")) {
				property.setTypes(new LinkedHashSet<>(types));
				property.getTypes().add("null");
				if (property.getEnum() != null && !property.getEnum().contains(null)) {
					property.addEnumItemObject(null);
				}
			}
			// ECMA-262 has no class union ([\n\r[^...]]); OpenApiSpecTests finds any left
			property
				.setPattern(this.examples.ecmaPatterns().getOrDefault(property.getPattern(), property.getPattern()));
		});
	}

	private Map<String, Header> headers() {
		return new LinkedHashMap<>(Map.of("X-Request-Id", this.examples.headers().get("X-Request-Id")));
	}

	private static <T> T read(String resource, Class<T> type) throws IOException {
		try (InputStream in = new ClassPathResource(resource).getInputStream()) {
			return Json31.mapper().readValue(in, type);
		}
	}

	/**
	 * {@code apidocs/operations.json}: what springdoc cannot read, by operation
	 * ({@code "METHOD path"}: one missing fails {@code OpenApiSpecTests}) and by schema.
	 */
	record Examples(Map<String, Operation> operations, Map<String, Parameter> parameters, Map<String, Header> headers,
			Map<String, Schema<?>> schemas, Set<String> nullable, Map<String, String> descriptions,
			Map<String, String> ecmaPatterns) {

		record Operation(String summary, int status, @Nullable Object request, @Nullable Object response) {
		}

	}

}
