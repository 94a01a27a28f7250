package com.zapigateway.zapi;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import javax.net.ssl.SSLHandshakeException;

import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.core5.http.ConnectionRequestTimeoutException;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

/**
 * Z-API's partner API and the calls to one instance over HTTP, and nothing else: no
 * retries (a create is billed), no persistence. Every failure becomes a
 * {@link ZapiException} whose message carries neither Z-API's raw body nor any token. Not
 * public: other modules call Z-API through {@link ZapiGuard}, so no call escapes its
 * concurrency limit and circuit breaker.
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

	static final String STATUS_PATH = "/instances/{id}/token/{token}/status";

	static final String QR_CODE_PATH = "/instances/{id}/token/{token}/qr-code/image";

	static final String PHONE_CODE_PATH = "/instances/{id}/token/{token}/phone-code/{phone}";

	static final String RESTART_PATH = "/instances/{id}/token/{token}/restart";

	static final String DISCONNECT_PATH = "/instances/{id}/token/{token}/disconnect";

	static final String UPGRADE_PATH = "/instances/{id}/token/{token}/integrator/on-demand/subscription/update";

	private static final int MAX_ID_LENGTH = 255;

	/** The largest QR code image accepted, decoded. */
	static final int MAX_QR_CODE_BYTES = 512 * 1024;

	/**
	 * The most bytes read of an answer to a per-instance call: a QR code's base64 (4/3 of
	 * the image) with room for a data URI and JSON around it.
	 */
	private static final int MAX_BODY = MAX_QR_CODE_BYTES * 4 / 3 + 4096;

	private static final int MAX_STATUS_ERROR_LENGTH = 200;

	private static final String CLIENT_TOKEN_MISSING = "null not allowed";

	private static final byte[] PNG_SIGNATURE = { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n' };

	/**
	 * A code a person types: printable ASCII, spaces only inside, at most 32 characters.
	 */
	private static final Pattern PHONE_CODE = Pattern.compile("[\\x21-\\x7E]([\\x20-\\x7E]{0,30}[\\x21-\\x7E])?");

	private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}|\\p{Cf}");

	private static final Pattern WHITESPACE = Pattern.compile("\\s+");

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

	/**
	 * An instance's connection ({@code GET .../status}): documented as
	 * {@code {"connected": bool, "error": string, "smartphoneConnected": bool}}. A
	 * missing or non-boolean flag reads as {@code false}; the error text is bounded and
	 * stripped of control characters, as it may be shown to a caller.
	 * @param id the instance id
	 * @param token the instance token
	 * @return the status
	 * @throws ZapiException if Z-API did not answer with a readable status
	 */
	public ZapiStatus status(String id, String token) {
		return get(STATUS_PATH, this::readStatus, id, token);
	}

	/**
	 * A QR code to connect a phone ({@code GET .../qr-code/image}), see
	 * {@link #readQrCode(HttpStatusCode, byte[])} for the shapes accepted.
	 * @param id the instance id
	 * @param token the instance token
	 * @return the PNG, or that a phone is already connected
	 * @throws ZapiException if Z-API did not answer with a PNG or "already connected"
	 */
	public ZapiQrCode qrCode(String id, String token) {
		return get(QR_CODE_PATH, this::readQrCode, id, token);
	}

	/**
	 * A code to connect the phone with this number without a QR code ({@code GET
	 * .../phone-code/{phone}}). The number is in the URL: it is masked in the debug log
	 * ({@link ZapiUris}) and never part of an exception message.
	 * @param id the instance id
	 * @param token the instance token
	 * @param phone the phone number, digits only
	 * @return the code, printable and bounded, or that a phone is already connected
	 * @throws ZapiException if Z-API did not answer with a readable code
	 */
	public ZapiPhoneCode phoneCode(String id, String token, String phone) {
		return get(PHONE_CODE_PATH, this::readPhoneCode, id, token, phone);
	}

	/**
	 * Restarts an instance's session ({@code GET .../restart}, documented
	 * {@code {"value": true}}; any 2xx without an error body confirms).
	 * @param id the instance id
	 * @param token the instance token
	 * @throws ZapiException if Z-API did not confirm
	 */
	public void restart(String id, String token) {
		get(RESTART_PATH, this::confirmed, id, token);
	}

	/**
	 * Disconnects the phone from an instance ({@code GET .../disconnect}, documented like
	 * restart).
	 * @param id the instance id
	 * @param token the instance token
	 * @throws ZapiException if Z-API did not confirm
	 */
	public void disconnect(String id, String token) {
		get(DISCONNECT_PATH, this::confirmed, id, token);
	}

	/**
	 * Upgrades a subscription to the model with calls ({@code PUT
	 * .../subscription/update} with {@code {"withCalls": true}}, documented 201 "OK";
	 * read like subscribe's confirmation). Never retried here: it is billed.
	 * @param id the instance id
	 * @param token the instance token
	 * @throws ZapiException if Z-API did not confirm
	 */
	public void upgradeSubscription(String id, String token) {
		sendForConfirmation(HttpMethod.PUT, UPGRADE_PATH, id, token, Map.of("withCalls", true));
	}

	private void postForConfirmation(String template, String id, String token, Map<String, Object> body) {
		sendForConfirmation(HttpMethod.POST, template, id, token, body);
	}

	private void sendForConfirmation(HttpMethod method, String template, String id, String token,
			Map<String, Object> body) {
		try {
			this.restClient.method(method)
				.uri(template, id, token)
				.contentType(MediaType.APPLICATION_JSON)
				.body(body)
				.exchange((httpRequest, response) -> {
					readConfirmation(response.getStatusCode(), response.getBody().readNBytes(MAX_BODY));
					return null;
				});
		}
		catch (ResourceAccessException ex) {
			throw classify(ex);
		}
	}

	private <T> T get(String template, BodyReader<T> reader, Object... variables) {
		try {
			return this.restClient.get()
				.uri(template, variables)
				.exchange((httpRequest, response) -> reader.read(response.getStatusCode(),
						response.getBody().readNBytes(MAX_BODY)));
		}
		catch (ResourceAccessException ex) {
			throw classify(ex);
		}
	}

	private Void confirmed(HttpStatusCode status, byte[] body) {
		readConfirmation(status, body);
		return null;
	}

	private ZapiStatus readStatus(HttpStatusCode status, byte[] body) {
		refuseWithoutClientToken(status, body);
		if (!status.is2xxSuccessful()) {
			throw rejected(status);
		}
		JsonNode json = readObject(status, body);
		return new ZapiStatus(isTrue(json.get("connected")), isTrue(json.get("smartphoneConnected")),
				printable(json.get("error"), MAX_STATUS_ERROR_LENGTH));
	}

	/**
	 * Z-API documents no body for {@code /qr-code/image}, only that it "returns an image
	 * of the type base64". Assumed, and accepted: a JSON object whose {@code value} (or
	 * {@code image}, or {@code qrcode}) holds a data URI or bare base64, a JSON string
	 * holding either, or either as bare text. The image must decode to a PNG of at most
	 * {@value #MAX_QR_CODE_BYTES} bytes. Z-API's status docs list the text "You are
	 * already connected." and its QR docs say a connected instance "will not allow you to
	 * connect again"; assumed: a JSON {@code {"connected": true}}, or an
	 * {@code error}/{@code message} (or a bare text) containing "already connected", with
	 * any 2xx or 4xx status, means a phone is already connected.
	 */
	private ZapiQrCode readQrCode(HttpStatusCode status, byte[] body) {
		refuseWithoutClientToken(status, body);
		if (status.is2xxSuccessful() || status.is4xxClientError()) {
			if (saysAlreadyConnected(body)) {
				return ZapiQrCode.connected();
			}
		}
		if (!status.is2xxSuccessful()) {
			throw rejected(status);
		}
		if (body.length >= MAX_BODY) {
			throw malformed(status, "a QR code larger than the gateway accepts");
		}
		String encoded = textOrField(body, "value", "image", "qrcode");
		JsonNode answer = (encoded == null) ? readJson(body) : null;
		if (answer != null && answer.isObject() && hasValue(answer.get("error"))) {
			throw new ZapiException(ZapiException.Failure.REQUEST_REJECTED, status.value(),
					"Z-API answered " + status.value() + " to a QR code request with an error body");
		}
		if (encoded == null) {
			throw malformed(status, "a QR code answer without an image");
		}
		byte[] png = decodeImage(encoded.strip());
		if (png == null) {
			throw malformed(status, "a QR code that is not base64");
		}
		if (png.length > MAX_QR_CODE_BYTES) {
			throw malformed(status, "a QR code larger than the gateway accepts");
		}
		if (!isPng(png)) {
			throw malformed(status, "a QR code that is not a PNG image");
		}
		return ZapiQrCode.of(png);
	}

	/**
	 * Z-API documents no body for {@code /phone-code/{phone}}; assumed and accepted:
	 * {@code {"code": "..."}} or {@code {"value": "..."}}, a JSON string, or the code as
	 * plain text. The code must be printable ASCII and short, as it is shown to a person.
	 * "Already connected" is read as for a QR code ({@link #readQrCode}): a phone code is
	 * the other way to connect, refused alike once a phone is connected.
	 */
	private ZapiPhoneCode readPhoneCode(HttpStatusCode status, byte[] body) {
		refuseWithoutClientToken(status, body);
		if ((status.is2xxSuccessful() || status.is4xxClientError()) && saysAlreadyConnected(body)) {
			return ZapiPhoneCode.connected();
		}
		if (!status.is2xxSuccessful()) {
			throw rejected(status);
		}
		JsonNode json = readJson(body);
		if (json != null && json.isObject() && hasValue(json.get("error"))) {
			throw new ZapiException(ZapiException.Failure.REQUEST_REJECTED, status.value(),
					"Z-API answered " + status.value() + " to a phone code request with an error body");
		}
		String code = textOrField(body, "code", "value");
		if (code == null || !PHONE_CODE.matcher(code.strip()).matches()) {
			throw malformed(status, "a phone code answer without a readable code");
		}
		return ZapiPhoneCode.of(code.strip());
	}

	/**
	 * Z-API's answer when the account requires its Client-Token and none was sent
	 * (observed as {@code {"error": "null not allowed"}}; assumed with any status).
	 */
	private void refuseWithoutClientToken(HttpStatusCode status, byte[] body) {
		if (body.length == 0 || body.length > 4096) {
			return;
		}
		JsonNode json = readJson(body);
		String error = (json != null) ? stringField(json, "error") : null;
		if (error != null && CLIENT_TOKEN_MISSING.equalsIgnoreCase(error.strip())) {
			throw new ZapiException(ZapiException.Failure.CLIENT_TOKEN_REQUIRED, status.value(), "Z-API answered "
					+ status.value() + " that the account's Client-Token is required (set zapi.client-token)");
		}
	}

	private boolean saysAlreadyConnected(byte[] body) {
		if (body.length == 0 || body.length > 4096) {
			return false;
		}
		JsonNode json = readJson(body);
		if (json == null) {
			return mentionsAlreadyConnected(new String(body, StandardCharsets.UTF_8));
		}
		if (json.isString()) {
			return mentionsAlreadyConnected(json.stringValue());
		}
		if (!json.isObject()) {
			return false;
		}
		String error = stringField(json, "error");
		String message = stringField(json, "message");
		return isTrue(json.get("connected")) || (error != null && mentionsAlreadyConnected(error))
				|| (message != null && mentionsAlreadyConnected(message));
	}

	private static boolean mentionsAlreadyConnected(String text) {
		return text.toLowerCase(Locale.ROOT).contains("already connected");
	}

	/**
	 * The answer as text: the first of {@code fields} holding a string when it is a JSON
	 * object, the string when it is a JSON string, the bytes as UTF-8 when it is no JSON.
	 */
	private @Nullable String textOrField(byte[] body, String... fields) {
		JsonNode json = readJson(body);
		if (json == null) {
			String text = new String(body, StandardCharsets.UTF_8).strip();
			return text.isEmpty() ? null : text;
		}
		if (json.isString()) {
			return json.stringValue();
		}
		if (json.isObject()) {
			for (String field : fields) {
				String value = stringField(json, field);
				if (value != null && !value.isBlank()) {
					return value;
				}
			}
		}
		return null;
	}

	private @Nullable JsonNode readJson(byte[] body) {
		if (body.length == 0) {
			return null;
		}
		try {
			return this.jsonMapper.readTree(body);
		}
		catch (JacksonException ex) {
			return null;
		}
	}

	private static byte @Nullable [] decodeImage(String encoded) {
		String base64 = encoded;
		if (base64.regionMatches(true, 0, "data:", 0, 5)) {
			int comma = base64.indexOf(',');
			if (comma < 0 || !base64.substring(0, comma).toLowerCase(Locale.ROOT).endsWith(";base64")) {
				return null;
			}
			base64 = base64.substring(comma + 1);
		}
		try {
			return Base64.getDecoder().decode(WHITESPACE.matcher(base64).replaceAll(""));
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	private static boolean isPng(byte[] image) {
		return image.length > PNG_SIGNATURE.length
				&& Arrays.equals(image, 0, PNG_SIGNATURE.length, PNG_SIGNATURE, 0, PNG_SIGNATURE.length);
	}

	private static ZapiException malformed(HttpStatusCode status, String what) {
		return new ZapiException(ZapiException.Failure.MALFORMED_RESPONSE, status.value(),
				"Z-API answered " + status.value() + " with " + what);
	}

	private static @Nullable String stringField(JsonNode json, String field) {
		JsonNode value = json.isObject() ? json.get(field) : null;
		return (value != null && value.isString()) ? value.stringValue() : null;
	}

	private static boolean isTrue(@Nullable JsonNode node) {
		return node != null && node.isBoolean() && node.asBoolean();
	}

	private static @Nullable String printable(@Nullable JsonNode node, int maxLength) {
		if (node == null || !node.isString()) {
			return null;
		}
		String text = CONTROL.matcher(node.stringValue()).replaceAll("").strip();
		if (text.length() > maxLength) {
			text = text.substring(0, maxLength);
		}
		return text.isEmpty() ? null : text;
	}

	/**
	 * Reads an answer: its status and its body, of which at most {@link #MAX_BODY} bytes
	 * were read (Z-API's answers are small, and one that is not must not fill the heap).
	 */
	@FunctionalInterface
	private interface BodyReader<T> {

		T read(HttpStatusCode status, byte[] body) throws IOException;

	}

	private void readConfirmation(HttpStatusCode status, byte[] body) {
		refuseWithoutClientToken(status, body);
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
