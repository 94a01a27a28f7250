package com.zapigateway.zapi;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import org.jspecify.annotations.Nullable;

/**
 * Accepts only absolute {@code https} URLs with a public-looking host: no user info, no
 * fragment, no {@code localhost} names, and no IP literal of a loopback, private,
 * link-local (cloud metadata), carrier-grade NAT, unspecified or multicast address. Host
 * names are not resolved (that would make validation depend on DNS); the threat model
 * explains why that is acceptable here.
 */
class CallbackUrlValidator implements ConstraintValidator<CallbackUrl, String> {

	private static final Pattern DOTTED_QUAD = Pattern
		.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");

	/**
	 * Hosts some resolvers read as IPv4 numbers: 2130706433, 0x7f.1, 127.1, 017.0.0.1.
	 */
	private static final Pattern NUMERIC_HOST = Pattern.compile("(0x[0-9a-f]+|[0-9]+)(\\.(0x[0-9a-f]+|[0-9]+))*\\.?");

	@Override
	public boolean isValid(@Nullable String value, ConstraintValidatorContext context) {
		if (value == null) {
			return true;
		}
		URI uri;
		try {
			uri = new URI(value);
		}
		catch (URISyntaxException ex) {
			return false;
		}
		if (!uri.isAbsolute() || !"https".equalsIgnoreCase(uri.getScheme()) || uri.getRawUserInfo() != null
				|| uri.getRawFragment() != null || uri.getRawAuthority() == null
				|| uri.getRawAuthority().contains("@")) {
			return false;
		}
		String host = uri.getHost();
		return host != null && !host.isBlank() && isPublicHost(host.toLowerCase(Locale.ROOT));
	}

	static boolean isPublicHost(String host) {
		String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
		if (name.isEmpty() || name.equals("localhost") || name.endsWith(".localhost")
				|| name.equals("localhost.localdomain") || name.equals("ip6-localhost") || name.equals("ip6-loopback")
				|| name.endsWith(".local") || name.endsWith(".internal")) {
			return false;
		}
		if (name.startsWith("[") && name.endsWith("]")) {
			return isPublicAddress(name.substring(1, name.length() - 1));
		}
		if (DOTTED_QUAD.matcher(name).matches()) {
			return isPublicAddress(name);
		}
		// any other all-numeric host is an IPv4 address in a form resolvers disagree on
		return !NUMERIC_HOST.matcher(name).matches();
	}

	private static boolean isPublicAddress(String literal) {
		if (literal.contains("%") || !(literal.contains(":") || DOTTED_QUAD.matcher(literal).matches())) {
			return false;
		}
		InetAddress address;
		try {
			// an IPv6 literal (it has ':') or a dotted quad: parsed, never looked up
			address = InetAddress.getByName(literal);
		}
		catch (UnknownHostException ex) {
			return false;
		}
		if (address.isLoopbackAddress() || address.isAnyLocalAddress() || address.isLinkLocalAddress()
				|| address.isSiteLocalAddress() || address.isMulticastAddress()) {
			return false;
		}
		byte[] bytes = address.getAddress();
		if (address instanceof Inet4Address) {
			int first = bytes[0] & 0xff;
			int second = bytes[1] & 0xff;
			return first != 0 && !(first == 100 && second >= 64 && second <= 127) && first < 224
					&& !(first == 198 && (second == 18 || second == 19)) && !(first == 192 && second == 0);
		}
		if (address instanceof Inet6Address) {
			int first = bytes[0] & 0xff;
			// fc00::/7 unique local; IPv4-compatible / NAT64 forms of private addresses
			if ((first & 0xfe) == 0xfc) {
				return false;
			}
			if (isEmbeddedIpv4(bytes)) {
				try {
					InetAddress v4 = InetAddress.getByAddress(java.util.Arrays.copyOfRange(bytes, 12, 16));
					return isPublicAddress(v4.getHostAddress());
				}
				catch (UnknownHostException ex) {
					return false;
				}
			}
		}
		return true;
	}

	private static boolean isEmbeddedIpv4(byte[] bytes) {
		for (int i = 0; i < 10; i++) {
			if (bytes[i] != 0) {
				// 64:ff9b::/96 (NAT64)
				return (bytes[0] == 0x00 && bytes[1] == 0x64 && (bytes[2] & 0xff) == 0xff && (bytes[3] & 0xff) == 0x9b);
			}
		}
		return (bytes[10] == 0 && bytes[11] == 0) || ((bytes[10] & 0xff) == 0xff && (bytes[11] & 0xff) == 0xff);
	}

}
