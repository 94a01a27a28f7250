package com.zapigateway.zapi;

import java.net.URI;
import java.util.Set;

/**
 * Z-API URLs as they may be logged: Z-API puts instance ids and tokens in URL paths
 * ({@code /instances/{id}/token/{token}/...}), so the segment after {@code instances} or
 * {@code token} is replaced (unless it is one of Z-API's fixed words), query values are
 * dropped, and user info never shows. A phone number in a path
 * ({@code .../phone-code/{phone}}) keeps only its first 4 and last 2 digits.
 */
final class ZapiUris {

	private static final Set<String> FIXED_WORDS = Set.of("integrator", "on-demand");

	private ZapiUris() {
	}

	static String redact(URI uri) {
		StringBuilder out = new StringBuilder();
		if (uri.getScheme() != null) {
			out.append(uri.getScheme()).append("://");
		}
		if (uri.getHost() != null) {
			out.append(uri.getHost());
			if (uri.getPort() >= 0) {
				out.append(':').append(uri.getPort());
			}
		}
		String path = (uri.getRawPath() != null) ? uri.getRawPath() : "";
		String[] segments = path.split("/", -1);
		for (int i = 0; i < segments.length; i++) {
			if (i > 0) {
				out.append('/');
				String previous = segments[i - 1];
				boolean secret = (previous.equals("instances") || previous.equals("token"))
						&& !FIXED_WORDS.contains(segments[i]) && !segments[i].isEmpty();
				if (previous.equals("phone-code") && !segments[i].isEmpty()) {
					out.append(maskPhone(segments[i]));
				}
				else {
					out.append(secret ? "{redacted}" : segments[i]);
				}
			}
			else {
				out.append(segments[i]);
			}
		}
		String query = uri.getRawQuery();
		if (query != null && !query.isEmpty()) {
			out.append('?');
			String[] pairs = query.split("&");
			for (int i = 0; i < pairs.length; i++) {
				int eq = pairs[i].indexOf('=');
				out.append((i > 0) ? "&" : "").append((eq >= 0) ? pairs[i].substring(0, eq) : pairs[i]).append("=…");
			}
		}
		return out.toString();
	}

	/**
	 * A phone number as it may be logged: its first 4 and last 2 characters (country and
	 * area code, enough to tell numbers apart in a log), the rest starred; a number too
	 * short to keep anything hidden is starred whole.
	 */
	static String maskPhone(String phone) {
		if (phone.length() < 10) {
			return "*".repeat(phone.length());
		}
		return phone.substring(0, 4) + "*".repeat(phone.length() - 6) + phone.substring(phone.length() - 2);
	}

}
