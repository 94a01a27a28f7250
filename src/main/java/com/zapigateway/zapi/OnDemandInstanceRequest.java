package com.zapigateway.zapi;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/**
 * Body of Z-API's {@code POST /instances/integrator/on-demand}, with Z-API's own field
 * names. Only the fields a caller gave are sent on ({@code null} fields are left out).
 * The constraints are what the gateway accepts before anything leaves it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OnDemandInstanceRequest(
		@NotBlank @Size(max = MAX_NAME) @Pattern(regexp = PRINTABLE, message = PRINTABLE_MESSAGE) @Nullable String name,
		@Size(max = MAX_NAME) @Pattern(regexp = PRINTABLE, message = PRINTABLE_MESSAGE) @Nullable String sessionName,
		@CallbackUrl @Size(max = MAX_URL) @Nullable String deliveryCallbackUrl,
		@CallbackUrl @Size(max = MAX_URL) @Nullable String receivedCallbackUrl,
		@CallbackUrl @Size(max = MAX_URL) @Nullable String receivedAndDeliveryCallbackUrl,
		@CallbackUrl @Size(max = MAX_URL) @Nullable String presenceChatCallbackUrl,
		@CallbackUrl @Size(max = MAX_URL) @Nullable String disconnectedCallbackUrl,
		@CallbackUrl @Size(max = MAX_URL) @Nullable String connectedCallbackUrl,
		@CallbackUrl @Size(max = MAX_URL) @Nullable String messageStatusCallbackUrl, @Nullable Boolean callRejectAuto,
		@Size(max = MAX_MESSAGE) @Pattern(regexp = PRINTABLE_TEXT,
				message = PRINTABLE_MESSAGE) @Nullable String callRejectMessage,
		@Nullable Boolean autoReadMessage, @Nullable Boolean autoReadStatus, @Nullable Boolean isDevice,
		@Nullable Boolean businessDevice, @Nullable Boolean disableEnqueueWhenDisconnected) {

	/** No control characters and no unpaired surrogates (not valid UTF-8). */
	static final String PRINTABLE = "[^\\p{Cc}\\p{Cs}]*";

	/** Like {@link #PRINTABLE}, but line breaks are allowed in a message. */
	static final String PRINTABLE_TEXT = "[\\n\\r[^\\p{Cc}\\p{Cs}]]*";

	static final String PRINTABLE_MESSAGE = "must not contain control characters or invalid Unicode";

	/** Longest instance or session name accepted. */
	public static final int MAX_NAME = 120;

	/** Longest callback URL accepted. */
	public static final int MAX_URL = 2048;

	/** Longest call-reject message accepted. */
	public static final int MAX_MESSAGE = 1000;

	/**
	 * A request carrying only a name, as the smallest valid create.
	 * @param name the instance name
	 * @return the request
	 */
	public static OnDemandInstanceRequest named(String name) {
		return new OnDemandInstanceRequest(name, null, null, null, null, null, null, null, null, null, null, null, null,
				null, null, null);
	}

}
