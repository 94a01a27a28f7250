package com.zapigateway.outbound;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The one rule set for every URL the gateway stores or calls: instance callback URLs
 * (passed to Z-API, which calls them) and tenant webhooks (called by the gateway). A URL
 * is {@link Verdict#ALLOWED} only when all of these hold:
 * <ol>
 * <li>it parses as an absolute, hierarchical URI with the scheme {@code https};</li>
 * <li>it has no user info (not even an empty one, {@code https://@host}) and no
 * fragment;</li>
 * <li>its port, if given, is a number from 1 to 65535 ({@code https://host:/} with an
 * empty port is refused as well);</li>
 * <li>its host is a DNS name of at least two labels (a single label such as
 * {@code metadata}, {@code postgres} or this machine's name resolves through search
 * domains and the hosts file, so always to something local), none longer than 63
 * characters, 253 in all, outside the names reserved for local use: {@code localhost},
 * {@code *.localhost}, {@code *.local} (mDNS), {@code *.localdomain}, {@code *.internal}
 * (which includes {@code metadata.google.internal}), {@code *.intranet},
 * {@code *.private}, {@code *.corp}, {@code *.home}, {@code *.lan} and {@code *.arpa}
 * (which includes {@code home.arpa} and the reverse-lookup zones); a trailing dot
 * ({@code localhost.}) is the same name;</li>
 * <li>or its host is an IP literal written canonically (a dotted quad without leading
 * zeros, or a bracketed IPv6 address without zone id) of a public address: see
 * {@link #isForbidden(InetAddress)}. Any other numeric host ({@code 2130706433},
 * {@code 0x7f000001}, {@code 0177.0.0.1}, {@code 127.1}, or any name whose last label is
 * a number) is refused whatever it denotes: resolvers disagree on what it means (the JDK
 * reads {@code 0177.0.0.1} as 177.0.0.1, libc as 127.0.0.1), so no reading of it can be
 * trusted.</li>
 * </ol>
 * Public IP literals are allowed rather than every literal refused: the address check is
 * needed anyway for what names resolve to when the gateway connects
 * ({@link PolicyDnsResolver}), and it judges a literal the same way.
 * <p>
 * Names are never resolved here: a URL is judged by its text, so validation does not
 * depend on DNS and cannot be used to probe it. What a name resolves to is checked when
 * the gateway connects ({@link PolicyDnsResolver}); for callback URLs, which only Z-API
 * calls, the text is all the gateway can judge. Names reserved for documentation and
 * tests ({@code *.example}, {@code *.test}, {@code *.invalid}) are not refused: they do
 * not resolve publicly, and where a local resolver maps them, the connect-time check
 * applies.
 * <p>
 * Plain {@code http} to exactly {@code localhost}, {@code 127.0.0.1} or {@code [::1]} is
 * {@link Verdict#LOOPBACK_HTTP}: acceptable only where the caller has opted in to
 * loopback receivers (local runs and tests), never for callback URLs.
 */
public final class OutboundUrlPolicy {

	/**
	 * A dotted quad without leading zeros: the only IPv4 notation every parser agrees on.
	 */
	private static final Pattern DOTTED_QUAD = Pattern
		.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");

	/**
	 * A label read as a number by IPv4 parsers (decimal, octal with a leading 0, hex with
	 * 0x): a host ending in one is an IPv4 address in some notation (WHATWG URL "ends in
	 * a number").
	 */
	private static final Pattern NUMERIC_LABEL = Pattern.compile("[0-9]+|0x[0-9a-f]*");

	/** What an IPv6 literal may contain; anything else is not parsed at all. */
	private static final Pattern IPV6_CHARACTERS = Pattern.compile("[0-9a-f:.]+");

	private static final Set<String> LOOPBACK_HOSTS = Set.of("localhost", "127.0.0.1", "[::1]");

	/** Names and domains for local use only, with all their subdomains. */
	private static final List<String> LOCAL_DOMAINS = List.of("localhost", "local", "localdomain", "internal",
			"intranet", "private", "corp", "home", "lan", "arpa");

	/**
	 * IPv4 ranges that are not public unicast, as {address, prefix length}: the IANA
	 * special-purpose registry's non-global ranges and cloud metadata endpoints.
	 */
	private static final int[][] FORBIDDEN_IPV4 = {
			// "this network", with the unspecified 0.0.0.0
			{ ipv4(0, 0, 0, 0), 8 },
			// private
			{ ipv4(10, 0, 0, 0), 8 }, { ipv4(172, 16, 0, 0), 12 }, { ipv4(192, 168, 0, 0), 16 },
			// carrier-grade NAT, with Alibaba Cloud's metadata 100.100.100.200
			{ ipv4(100, 64, 0, 0), 10 },
			// loopback
			{ ipv4(127, 0, 0, 0), 8 },
			// link-local, with the metadata endpoint 169.254.169.254
			{ ipv4(169, 254, 0, 0), 16 },
			// IETF protocol assignments, with Oracle Cloud's metadata 192.0.0.192
			{ ipv4(192, 0, 0, 0), 24 },
			// documentation (TEST-NET-1, -2, -3)
			{ ipv4(192, 0, 2, 0), 24 }, { ipv4(198, 51, 100, 0), 24 }, { ipv4(203, 0, 113, 0), 24 },
			// 6to4 relay anycast (deprecated)
			{ ipv4(192, 88, 99, 0), 24 },
			// benchmarking
			{ ipv4(198, 18, 0, 0), 15 },
			// multicast
			{ ipv4(224, 0, 0, 0), 4 },
			// reserved, with the broadcast 255.255.255.255
			{ ipv4(240, 0, 0, 0), 4 },
			// Azure's host endpoint (WireServer), reachable from every Azure VM
			{ ipv4(168, 63, 129, 16), 32 } };

	private OutboundUrlPolicy() {
	}

	/**
	 * What the policy says about a URL.
	 */
	public enum Verdict {

		/** An {@code https} URL to a public host. */
		ALLOWED,

		/**
		 * {@code http} to exactly {@code localhost}, {@code 127.0.0.1} or {@code [::1]}:
		 * only for callers that opted in to loopback receivers.
		 */
		LOOPBACK_HTTP,

		/**
		 * Not a URL the gateway calls: not absolute {@code https}, user info, fragment,
		 * invalid port or malformed host.
		 */
		INVALID,

		/**
		 * A well-formed URL whose host is a name for local use, a single label, or an IP
		 * literal that is not public or not canonical.
		 */
		FORBIDDEN_HOST

	}

	/**
	 * Judges a URL by its text (no name is resolved).
	 * @param url the URL
	 * @return the verdict
	 */
	public static Verdict evaluate(String url) {
		URI uri;
		try {
			uri = new URI(url);
		}
		catch (URISyntaxException ex) {
			return Verdict.INVALID;
		}
		String scheme = uri.getScheme();
		boolean https = "https".equalsIgnoreCase(scheme);
		if (!uri.isAbsolute() || uri.isOpaque() || !(https || "http".equalsIgnoreCase(scheme))) {
			return Verdict.INVALID;
		}
		String authority = uri.getRawAuthority();
		String host = uri.getHost();
		if (authority == null || host == null || host.isEmpty() || uri.getRawUserInfo() != null
				|| authority.contains("@") || uri.getRawFragment() != null || authority.endsWith(":")) {
			return Verdict.INVALID;
		}
		int port = uri.getPort();
		if (port != -1 && (port < 1 || port > 65535)) {
			return Verdict.INVALID;
		}
		String lowerHost = host.toLowerCase(Locale.ROOT);
		if (!https) {
			return LOOPBACK_HOSTS.contains(lowerHost) ? Verdict.LOOPBACK_HTTP : Verdict.INVALID;
		}
		return host(lowerHost);
	}

	/**
	 * Whether an address must never be connected to: anything but public unicast. IPv4:
	 * the ranges in {@code FORBIDDEN_IPV4} (unspecified, private, loopback, link-local,
	 * carrier-grade NAT, IETF, documentation, benchmarking, multicast, reserved,
	 * broadcast, and cloud metadata endpoints). IPv6: anything outside global unicast
	 * {@code 2000::/3} (so loopback, unspecified, unique-local {@code fc00::/7} with AWS
	 * metadata {@code fd00:ec2::254}, link-local, multicast, IPv4-compatible
	 * {@code ::/96} and other embeddings), {@code 2001::/23} (IETF assignments:
	 * benchmarking {@code 2001:2::/48}, ORCHID, ...), documentation {@code 2001:db8::/32}
	 * and {@code 3fff::/20}, local-use NAT64 {@code 64:ff9b:1::/48}; and the forms that
	 * carry an IPv4 destination are judged by it: IPv4-mapped {@code ::ffff:0:0/96},
	 * NAT64 {@code 64:ff9b::/96}, 6to4 {@code 2002::/16}, Teredo {@code 2001::/32}
	 * (server and client, the client's bits inverted).
	 * @param address the address
	 * @return {@code true} if it is not a public unicast address
	 */
	public static boolean isForbidden(InetAddress address) {
		byte[] bytes = address.getAddress();
		if (bytes.length == 4) {
			return isForbiddenIpv4(bytes, 0, 0);
		}
		return isForbiddenIpv6(bytes);
	}

	/**
	 * Whether an address is a loopback address ({@code 127.0.0.0/8}, {@code ::1}, or
	 * either mapped to IPv6).
	 * @param address the address
	 * @return {@code true} if loopback
	 */
	public static boolean isLoopback(InetAddress address) {
		byte[] bytes = address.getAddress();
		if (bytes.length == 4) {
			return bytes[0] == 127;
		}
		if (isMapped(bytes)) {
			return bytes[12] == 127;
		}
		for (int i = 0; i < 15; i++) {
			if (bytes[i] != 0) {
				return false;
			}
		}
		return bytes[15] == 1;
	}

	private static Verdict host(String host) {
		if (host.startsWith("[")) {
			return ipv6Literal(host.substring(1, host.length() - 1));
		}
		String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
		if (name.isEmpty() || name.endsWith(".") || name.startsWith(".") || name.contains("..")) {
			return Verdict.INVALID;
		}
		String[] labels = name.split("\\.");
		if (NUMERIC_LABEL.matcher(labels[labels.length - 1]).matches()) {
			if (!DOTTED_QUAD.matcher(name).matches()) {
				return Verdict.FORBIDDEN_HOST;
			}
			byte[] bytes = new byte[4];
			for (int i = 0; i < 4; i++) {
				bytes[i] = (byte) Integer.parseInt(labels[i]);
			}
			return isForbiddenIpv4(bytes, 0, 0) ? Verdict.FORBIDDEN_HOST : Verdict.ALLOWED;
		}
		if (name.length() > 253) {
			return Verdict.INVALID;
		}
		for (String label : labels) {
			if (label.isEmpty() || label.length() > 63) {
				return Verdict.INVALID;
			}
		}
		if (labels.length < 2) {
			return Verdict.FORBIDDEN_HOST;
		}
		for (String domain : LOCAL_DOMAINS) {
			if (name.equals(domain) || name.endsWith("." + domain)) {
				return Verdict.FORBIDDEN_HOST;
			}
		}
		return Verdict.ALLOWED;
	}

	private static Verdict ipv6Literal(String literal) {
		if (literal.contains("%")) {
			// a zone id only makes sense for scoped (link-local) addresses
			return Verdict.FORBIDDEN_HOST;
		}
		if (!literal.contains(":") || !IPV6_CHARACTERS.matcher(literal).matches()) {
			return Verdict.INVALID;
		}
		InetAddress address;
		try {
			// a string with ':' is parsed as an IPv6 literal, never looked up
			address = InetAddress.getByName(literal);
		}
		catch (UnknownHostException ex) {
			return Verdict.INVALID;
		}
		return isForbidden(address) ? Verdict.FORBIDDEN_HOST : Verdict.ALLOWED;
	}

	/**
	 * Whether the IPv4 address at {@code bytes[offset..offset+3]}, each byte XOR-ed with
	 * {@code mask}, is forbidden.
	 */
	private static boolean isForbiddenIpv4(byte[] bytes, int offset, int mask) {
		int address = 0;
		for (int i = 0; i < 4; i++) {
			address = (address << 8) | ((bytes[offset + i] ^ mask) & 0xff);
		}
		for (int[] range : FORBIDDEN_IPV4) {
			int bits = range[1];
			int netmask = (bits == 0) ? 0 : -1 << (32 - bits);
			if ((address & netmask) == (range[0] & netmask)) {
				return true;
			}
		}
		return false;
	}

	private static boolean isForbiddenIpv6(byte[] bytes) {
		int first = u16(bytes, 0);
		int second = u16(bytes, 2);
		if (isMapped(bytes)) {
			return isForbiddenIpv4(bytes, 12, 0);
		}
		if (first == 0x64 && second == 0xff9b) {
			// NAT64 64:ff9b::/96 carries its IPv4 destination in the last 32 bits;
			// the rest of 64:ff9b::/32 (64:ff9b:1::/48: local-use NAT64) is not public
			return u16(bytes, 4) != 0 || u16(bytes, 6) != 0 || u16(bytes, 8) != 0 || u16(bytes, 10) != 0
					|| isForbiddenIpv4(bytes, 12, 0);
		}
		if ((first & 0xe000) != 0x2000) {
			// outside global unicast 2000::/3
			return true;
		}
		if (first == 0x2002) {
			// 6to4: the IPv4 address of the tunnel end follows the prefix
			return isForbiddenIpv4(bytes, 2, 0);
		}
		if (first == 0x2001 && second == 0) {
			// Teredo: server IPv4 in bits 32-63, client IPv4 inverted in the last 32 bits
			return isForbiddenIpv4(bytes, 4, 0) || isForbiddenIpv4(bytes, 12, 0xff);
		}
		if (first == 0x2001 && second < 0x200) {
			// 2001::/23, IETF protocol assignments
			return true;
		}
		if (first == 0x2001 && second == 0xdb8) {
			// documentation
			return true;
		}
		// 3fff::/20, documentation
		return first == 0x3fff && (second & 0xf000) == 0;
	}

	private static boolean isMapped(byte[] bytes) {
		for (int i = 0; i < 10; i++) {
			if (bytes[i] != 0) {
				return false;
			}
		}
		return u16(bytes, 10) == 0xffff;
	}

	private static int u16(byte[] bytes, int offset) {
		return ((bytes[offset] & 0xff) << 8) | (bytes[offset + 1] & 0xff);
	}

	private static int ipv4(int a, int b, int c, int d) {
		return (a << 24) | (b << 16) | (c << 8) | d;
	}

}
