package com.zapigateway.zapi;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.net.ssl.SSLHandshakeException;

import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.core5.http.ConnectionRequestTimeoutException;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

/**
 * Z-API's partner API over HTTP, and nothing else: no retries (a create is billed), no
 * persistence. Every failure becomes a {@link ZapiException} whose message carries
 * neither Z-API's raw body nor any token. Not public: other modules call Z-API through
 * {@link ZapiGuard}, so no call escapes its concurrency limit and circuit breaker.
 */
@Component
class ZapiClient {

	private static final Logger log = LoggerFactory.getLogger(ZapiClient.class);

	static final String CREATE_PATH = "/instances/integrator/on-demand";

	static final String LIST_PATH = "/instances";

	/**
	 * URI templates: the instance token is a path variable, never part of a log or tag.
	 */
	static final String SUBSCRIBE_PATH = "/instances/{id}/token/{token}/integrator/on-demand/subscription";

	static final String CANCEL_PATH = "/instances/{id}/token/{token}/integrator/on-demand/cancel";

	private static final int MAX_ID_LENGTH = 255;

	private final RestClient restClient;

	private final JsonMapper jsonMapper;

	ZapiClient(RestClient zapiRestClient, JsonMapper jsonMapper) {
		this.restClient = zapiRestClient;
		this.jsonMapper = jsonMapper;
	}

	/**
	 * Creates an instance. Not idempotent on Z-API's side: never retried here.
	 * @param request the body to send; only non-null fields are sent
	 * @return the created instance
	 * @throws ZapiException if Z-API did not confirm the creation
	 */
	public ZapiInstance createInstance(OnDemandInstanceRequest request) {
		try {
			return this.restClient.post()
				.uri(CREATE_PATH)
				.contentType(MediaType.APPLICATION_JSON)
				.accept(MediaType.APPLICATION_JSON)
				.body(request)
				.exchange((httpRequest, response) -> readCreated(response.getStatusCode(),
						response.getBody().readAllBytes()));
		}
		catch (ResourceAccessException ex) {
			throw classify(ex);
		}
	}

	/**
	 * Subscribes an instance (Z-API documents 201 "OK"; any 2xx is accepted). Never
	 * retried here: a subscription is billed.
	 * @param id the instance id
	 * @param token the instance token
	 * @param withCalls whether to subscribe with calls support, or {@code null} for
	 * Z-API's default
	 * @throws ZapiException if Z-API did not confirm
	 */
	public void subscribe(String id, String token, @Nullable Boolean withCalls) {
		Map<String, Object> body = (withCalls != null) ? Map.of("withCalls", withCalls) : Map.of();
		postForConfirmation(SUBSCRIBE_PATH, id, token, body);
	}

	/**
	 * Cancels an instance's subscription (Z-API documents 201 "OK"; any 2xx is accepted).
	 * @param id the instance id
	 * @param token the instance token
	 * @throws ZapiException if Z-API did not confirm
	 */
	public void cancel(String id, String token) {
		postForConfirmation(CANCEL_PATH, id, token, Map.of());
	}

	public ZapiStatus status(String id, String token) {
		throw new UnsupportedOperationException("status");
	}

	public ZapiQrCode qrCode(String id, String token) {
		throw new UnsupportedOperationException("qrCode");
	}

	public String phoneCode(String id, String token, String phone) {
		throw new UnsupportedOperationException("phoneCode");
	}

	public void restart(String id, String token) {
		throw new UnsupportedOperationException("restart");
	}

	public void disconnect(String id, String token) {
		throw new UnsupportedOperationException("disconnect");
	}

	public void upgradeSubscription(String id, String token) {
		throw new UnsupportedOperationException("upgradeSubscription");
	}

	private void postForConfirmation(String template, String id, String token, Map<String, Object> body) {
		try {
			this.restClient.post()
				.uri(template, id, token)
				.contentType(MediaType.APPLICATION_JSON)
				.body(body)
				.exchange((httpRequest, response) -> {
					readConfirmation(response.getStatusCode(), response.getBody().readAllBytes());
					return null;
				});
		}
		catch (ResourceAccessException ex) {
			throw classify(ex);
		}
	}

	private void readConfirmation(HttpStatusCode status, byte[] body) {
		if (!status.is2xxSuccessful()) {
			throw rejected(status);
		}
		// "OK" as text, an empty body or a JSON value: only an explicit JSON error
		// refuses
		JsonNode json;
		try {
			json = (body.length == 0) ? null : this.jsonMapper.readTree(body);
		}
		catch (JacksonException ex) {
			return;
		}
		if (json != null && json.isObject() && (hasValue(json.get("error")) || isFalse(json.get("value")))) {
			throw new ZapiException(ZapiException.Failure.REQUEST_REJECTED, status.value(),
					"Z-API answered " + status.value() + " with an error body");
		}
	}

	/**
	 * Lists the partner's instances, one page at a time. Safe to retry (a read).
	 * @param page the page, from 1
	 * @param pageSize instances per page
	 * @param query optional search by instance name or id
	 * @return the page
	 * @throws ZapiException if Z-API did not answer with a readable page
	 */
	public ZapiInstancePage listInstances(int page, int pageSize, @Nullable String query) {
		try {
			return this.restClient.get().uri((uri) -> {
				uri.path(LIST_PATH).queryParam("page", page).queryParam("pageSize", pageSize);
				if (query != null && !query.isBlank()) {
					uri.queryParam("query", "{query}");
					return uri.build(query);
				}
				return uri.build();
			})
				.accept(MediaType.APPLICATION_JSON)
				.exchange((httpRequest, response) -> readPage(response.getStatusCode(),
						response.getBody().readAllBytes(), page));
		}
		catch (ResourceAccessException ex) {
			throw classify(ex);
		}
	}

	private ZapiInstancePage readPage(HttpStatusCode status, byte[] body, int requestedPage) {
		if (!status.is2xxSuccessful()) {
			throw rejected(status);
		}
		JsonNode json = readObject(status, body);
		JsonNode content = json.get("content");
		if (content == null || !content.isArray()) {
			throw new ZapiException(ZapiException.Failure.MALFORMED_RESPONSE, status.value(),
					"Z-API answered " + status.value() + " to a list without a 'content' array");
		}
		List<ZapiListedInstance> instances = new ArrayList<>();
		for (JsonNode item : content) {
			String id = identifier(item.get("id"));
			String token = identifier(item.get("token"));
			if (id != null && token != null) {
				instances.add(new ZapiListedInstance(id, token, text(item.get("name")), DueReader.read(item.get("due")),
						text(item.get("paymentStatus"))));
			}
		}
		int page = json.path("page").asInt(requestedPage);
		return new ZapiInstancePage(List.copyOf(instances), page, json.path("totalPage").asInt(page),
				json.path("total").asLong(instances.size()));
	}

	private JsonNode readObject(HttpStatusCode status, byte[] body) {
		JsonNode json;
		try {
			json = this.jsonMapper.readTree(body);
		}
		catch (JacksonException ex) {
			throw new ZapiException(ZapiException.Failure.MALFORMED_RESPONSE, status.value(),
					"Z-API answered " + status.value() + " with a body that is not JSON");
		}
		if (json == null || !json.isObject()) {
			throw new ZapiException(ZapiException.Failure.MALFORMED_RESPONSE, status.value(),
					"Z-API answered " + status.value() + " without a JSON object");
		}
		return json;
	}

	private ZapiInstance readCreated(HttpStatusCode status, byte[] body) {
		if (!status.is2xxSuccessful()) {
			throw rejected(status);
		}
		JsonNode json = readObject(status, body);
		if (hasValue(json.get("error")) || isFalse(json.get("value"))) {
			throw new ZapiException(ZapiException.Failure.CREATE_FAILED, status.value(),
					"Z-API answered " + status.value() + " with an error body");
		}
		String id = identifier(json.get("id"));
		String token = identifier(json.get("token"));
		if (id == null || token == null) {
			throw new ZapiException(ZapiException.Failure.CREATE_FAILED, status.value(),
					"Z-API answered " + status.value() + " without a usable instance id and token");
		}
		ZapiInstance instance = new ZapiInstance(id, token, DueReader.read(json.get("due")));
		if (instance.due() == null) {
			log.warn("Z-API created instance {} without a readable 'due'", id);
		}
		return instance;
	}

	private static ZapiException rejected(HttpStatusCode status) {
		int code = status.value();
		ZapiException.Failure failure;
		if (code == 401 || code == 403) {
			failure = ZapiException.Failure.CREDENTIALS_REJECTED;
		}
		else if (code == 429) {
			failure = ZapiException.Failure.RATE_LIMITED;
		}
		else if (status.is5xxServerError()) {
			failure = ZapiException.Failure.SERVER_ERROR;
		}
		else if (status.is4xxClientError()) {
			failure = ZapiException.Failure.REQUEST_REJECTED;
		}
		else {
			failure = ZapiException.Failure.MALFORMED_RESPONSE;
		}
		return new ZapiException(failure, code, "Z-API answered " + code);
	}

	private static ZapiException classify(ResourceAccessException ex) {
		Throwable cause = ex.getCause();
		if (cause instanceof ConnectTimeoutException || cause instanceof ConnectionRequestTimeoutException
				|| cause instanceof ConnectException || cause instanceof UnknownHostException
				|| cause instanceof NoRouteToHostException || cause instanceof SSLHandshakeException) {
			return new ZapiException(ZapiException.Failure.UNREACHABLE, 0,
					"Z-API could not be reached (" + cause.getClass().getSimpleName() + ")", ex);
		}
		if (cause instanceof SocketTimeoutException) {
			return new ZapiException(ZapiException.Failure.TIMEOUT, 0, "Z-API did not answer within the read timeout",
					ex);
		}
		String kind = (cause instanceof IOException) ? cause.getClass().getSimpleName() : "I/O error";
		return new ZapiException(ZapiException.Failure.CONNECTION_LOST, 0,
				"The connection to Z-API broke after the request was sent (" + kind + ")", ex);
	}

	private static boolean hasValue(@Nullable JsonNode node) {
		return node != null && !node.isNull() && !(node.isBoolean() && !node.asBoolean());
	}

	private static boolean isFalse(@Nullable JsonNode node) {
		return node != null && node.isBoolean() && !node.asBoolean();
	}

	private static @Nullable String text(@Nullable JsonNode node) {
		return (node != null && node.isString() && !node.stringValue().isBlank()) ? node.stringValue() : null;
	}

	private static @Nullable String identifier(@Nullable JsonNode node) {
		if (node == null || !(node.isString() || node.isIntegralNumber())) {
			return null;
		}
		String value = node.asString().strip();
		return (value.isEmpty() || value.length() > MAX_ID_LENGTH) ? null : value;
	}

}
