package com.zapigateway.creation;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.zapigateway.zapi.OnDemandInstanceRequest;

/**
 * The gateway reference of a create, and how it travels in the instance name sent to
 * Z-API: {@code "<caller's name> [gw:<reference>]"}, the caller's part shortened when
 * needed so the whole name stays within {@link OnDemandInstanceRequest#MAX_NAME}
 * characters. Z-API's list endpoint searches names, so every create can be found later.
 */
final class GatewayReference {

	private static final SecureRandom RANDOM = new SecureRandom();

	private static final int BYTES = 8;

	/** A marker as {@link #marker} writes it, anywhere in a name. */
	private static final Pattern MARKER = Pattern.compile("\\[gw:([0-9a-f]{16})\\]");

	private GatewayReference() {
	}

	/** A new reference: 16 lowercase hex digits (64 random bits). */
	static String next() {
		byte[] bytes = new byte[BYTES];
		RANDOM.nextBytes(bytes);
		return HexFormat.of().formatHex(bytes);
	}

	static String marker(String reference) {
		return " [gw:" + reference + "]";
	}

	/** Whether a name seen on Z-API carries this reference. */
	static boolean carries(@org.jspecify.annotations.Nullable String name, String reference) {
		return name != null && name.contains(marker(reference).strip());
	}

	/**
	 * The reference a name seen on Z-API carries. The gateway appends its marker last, so
	 * if a caller's own name happens to contain something that looks like one, the last
	 * marker is the gateway's.
	 * @param name the name as Z-API listed it
	 * @return the reference, or {@code null} if the name carries none (an instance made
	 * outside the gateway)
	 */
	static @org.jspecify.annotations.Nullable String in(@org.jspecify.annotations.Nullable String name) {
		if (name == null) {
			return null;
		}
		String reference = null;
		Matcher matcher = MARKER.matcher(name);
		while (matcher.find()) {
			reference = matcher.group(1);
		}
		return reference;
	}

	/** The caller's request with the reference appended to its name. */
	static OnDemandInstanceRequest decorate(OnDemandInstanceRequest request, String reference) {
		String marker = marker(reference);
		String name = (request.name() != null) ? request.name().strip() : "";
		int room = OnDemandInstanceRequest.MAX_NAME - marker.length();
		if (name.codePointCount(0, name.length()) > room) {
			name = name.substring(0, name.offsetByCodePoints(0, room)).strip();
		}
		return new OnDemandInstanceRequest(name + marker, request.sessionName(), request.deliveryCallbackUrl(),
				request.receivedCallbackUrl(), request.receivedAndDeliveryCallbackUrl(),
				request.presenceChatCallbackUrl(), request.disconnectedCallbackUrl(), request.connectedCallbackUrl(),
				request.messageStatusCallbackUrl(), request.callRejectAuto(), request.callRejectMessage(),
				request.autoReadMessage(), request.autoReadStatus(), request.isDevice(), request.businessDevice(),
				request.disableEnqueueWhenDisconnected());
	}

}
