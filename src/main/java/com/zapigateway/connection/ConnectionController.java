package com.zapigateway.connection;

import java.util.Base64;
import java.util.List;

import com.zapigateway.security.ApiClient;
import com.zapigateway.shared.web.Answers;
import com.zapigateway.shared.web.Problem;
import com.zapigateway.shared.web.TenantId;
import io.swagger.v3.oas.annotations.Hidden;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Connecting a phone to a tenant's instance and running its session, without the caller
 * ever holding the instance token or the account's Client-Token. Tenant access is
 * enforced before this controller runs (as for every tenant route); every answer, errors
 * included, is sent with {@code Cache-Control: no-store}
 * ({@link ConnectionWebConfiguration}).
 */
@RestController
@RequestMapping(path = "/api/v1/tenants/{tenantId}/instances/{instanceId}/connection")
class ConnectionController {

	/** Same rules as the instance endpoints. */
	static final String INSTANCE_ID = "[A-Za-z0-9_-]{1,255}";

	private final ConnectionService connections;

	ConnectionController(ConnectionService connections) {
		this.connections = connections;
	}

	@GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
	@Answers(value = { Problem.INSTANCE_NOT_FOUND, Problem.INSTANCE_DELETED_CONNECTION,
			Problem.ZAPI_CLIENT_TOKEN_REQUIRED }, callsZapi = true)
	ConnectionView status(@PathVariable @TenantId String tenantId,
			@PathVariable @Pattern(regexp = INSTANCE_ID) String instanceId, @AuthenticationPrincipal ApiClient client) {
		return this.connections.status(client.name(), tenantId, instanceId);
	}

	/**
	 * The QR code as PNG bytes, or as a data URI in JSON when the caller prefers
	 * {@code application/json} ({@code Accept}).
	 */
	@GetMapping(path = "/qr-code", produces = { MediaType.IMAGE_PNG_VALUE, MediaType.APPLICATION_JSON_VALUE })
	@Answers(value = { Problem.INSTANCE_NOT_FOUND, Problem.INSTANCE_DELETED_CONNECTION, Problem.ALREADY_CONNECTED,
			Problem.QR_CODE_LIMIT, Problem.ZAPI_CLIENT_TOKEN_REQUIRED }, callsZapi = true)
	@ApiResponse(responseCode = "200", description = "OK", content = {
			@Content(mediaType = MediaType.IMAGE_PNG_VALUE, schema = @Schema(type = "string", format = "binary"),
					examples = @ExampleObject(name = "png",
							summary = "The QR code as a PNG image (the default, and for Accept: image/png)",
							value = "(PNG bytes)")),
			@Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
					schema = @Schema(implementation = QrCodeImage.class)) })
	ResponseEntity<?> qrCode(@PathVariable @TenantId String tenantId,
			@PathVariable @Pattern(regexp = INSTANCE_ID) String instanceId,
			@RequestParam(defaultValue = "false") @Parameter(description = "true: start a new flow (the codes"
					+ " served so far no longer count), when the user is ready to scan") boolean restart,
			@RequestHeader(name = HttpHeaders.ACCEPT,
					required = false) @Parameter(hidden = true) @Nullable String accept,
			@AuthenticationPrincipal ApiClient client) {
		byte[] png = this.connections.qrCode(client.name(), tenantId, instanceId, restart);
		if (prefersJson(accept)) {
			return ResponseEntity.ok()
				.contentType(MediaType.APPLICATION_JSON)
				.body(new QrCodeImage("data:image/png;base64," + Base64.getEncoder().encodeToString(png)));
		}
		return ResponseEntity.ok().contentType(MediaType.IMAGE_PNG).body(png);
	}

	/**
	 * A {@code HEAD} would spend one of the flow's codes on a request that cannot show it
	 * (link checkers, prefetchers): refused, as Spring would otherwise answer it as a
	 * {@code GET}.
	 */
	@RequestMapping(path = "/qr-code", method = RequestMethod.HEAD)
	@Hidden
	void qrCodeHead() throws HttpRequestMethodNotSupportedException {
		throw new HttpRequestMethodNotSupportedException("HEAD", List.of("GET"));
	}

	@PostMapping(path = "/phone-code", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	@Answers(value = { Problem.INSTANCE_NOT_FOUND, Problem.INSTANCE_DELETED_CONNECTION, Problem.ALREADY_CONNECTED,
			Problem.ZAPI_CLIENT_TOKEN_REQUIRED }, callsZapi = true)
	PhoneCode phoneCode(@PathVariable @TenantId String tenantId,
			@PathVariable @Pattern(regexp = INSTANCE_ID) String instanceId,
			@RequestBody @Valid PhoneCodeRequest request, @AuthenticationPrincipal ApiClient client) {
		return new PhoneCode(this.connections.phoneCode(client.name(), tenantId, instanceId, request.digits()));
	}

	@PostMapping(path = "/restart", produces = MediaType.APPLICATION_JSON_VALUE)
	@Answers(value = { Problem.INSTANCE_NOT_FOUND, Problem.INSTANCE_DELETED_CONNECTION,
			Problem.ZAPI_CLIENT_TOKEN_REQUIRED }, callsZapi = true)
	ConnectionView restart(@PathVariable @TenantId String tenantId,
			@PathVariable @Pattern(regexp = INSTANCE_ID) String instanceId, @AuthenticationPrincipal ApiClient client) {
		return this.connections.restart(client.name(), tenantId, instanceId);
	}

	@PostMapping(path = "/disconnect", produces = MediaType.APPLICATION_JSON_VALUE)
	@Answers(value = { Problem.INSTANCE_NOT_FOUND, Problem.INSTANCE_DELETED_CONNECTION,
			Problem.ZAPI_CLIENT_TOKEN_REQUIRED }, callsZapi = true)
	ConnectionView disconnect(@PathVariable @TenantId String tenantId,
			@PathVariable @Pattern(regexp = INSTANCE_ID) String instanceId, @AuthenticationPrincipal ApiClient client) {
		return this.connections.disconnect(client.name(), tenantId, instanceId);
	}

	/**
	 * Whether the caller prefers JSON to PNG: the one its {@code Accept} gives the higher
	 * quality, or at equal quality the one it names exactly (not by a wildcard); PNG
	 * otherwise ({@code *}{@code /*}, no {@code Accept}, or a tie).
	 */
	static boolean prefersJson(@Nullable String accept) {
		if (accept == null || accept.isBlank()) {
			return false;
		}
		List<MediaType> types;
		try {
			types = MediaType.parseMediaTypes(accept);
		}
		catch (InvalidMediaTypeException ex) {
			return false;
		}
		Preference png = Preference.of(types, MediaType.IMAGE_PNG);
		Preference json = Preference.of(types, MediaType.APPLICATION_JSON);
		return json.quality() > png.quality()
				|| (json.quality() == png.quality() && json.quality() > 0 && json.exact() && !png.exact());
	}

	/** How much a caller wants one media type, and whether it named it exactly. */
	private record Preference(double quality, boolean exact) {

		static Preference of(List<MediaType> accepted, MediaType type) {
			Preference best = new Preference(0, false);
			for (MediaType candidate : accepted) {
				if (candidate.includes(type)) {
					Preference preference = new Preference(candidate.getQualityValue(),
							!candidate.isWildcardType() && !candidate.isWildcardSubtype());
					if (preference.quality() > best.quality()
							|| (preference.quality() == best.quality() && preference.exact())) {
						best = preference;
					}
				}
			}
			return best;
		}

	}

	/**
	 * A QR code as JSON.
	 *
	 * @param image the PNG image as a data URI ({@code data:image/png;base64,...})
	 */
	record QrCodeImage(String image) {
	}

	/**
	 * A phone code.
	 *
	 * @param code the code to type in WhatsApp ("Connect with a phone number")
	 */
	record PhoneCode(String code) {

		@Override
		public String toString() {
			return "PhoneCode[code=<redacted>]";
		}

	}

}
