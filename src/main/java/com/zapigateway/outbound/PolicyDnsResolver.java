package com.zapigateway.outbound;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.function.Predicate;

import org.apache.hc.client5.http.DnsResolver;

/**
 * The resolver of an HTTP client that connects only where the policy allows: it resolves
 * the host (IP literals included: Apache HttpClient passes them here as well) and refuses
 * the whole host, with a {@link RefusedAddressException}, if <em>any</em> of its
 * addresses is not allowed, so no connection is ever opened to a forbidden address. The
 * client connects to exactly the addresses returned here, so a name that resolves
 * differently later (DNS rebinding, a short TTL) is checked again on every new connection
 * rather than trusted from an earlier check.
 */
public final class PolicyDnsResolver implements DnsResolver {

	private final HostLookup lookup;

	private final Predicate<InetAddress> allowed;

	private final String rule;

	private PolicyDnsResolver(HostLookup lookup, Predicate<InetAddress> allowed, String rule) {
		this.lookup = lookup;
		this.allowed = allowed;
		this.rule = rule;
	}

	/**
	 * A resolver allowing public unicast addresses only (see
	 * {@link OutboundUrlPolicy#isForbidden(InetAddress)}).
	 * @param lookup how names are resolved
	 * @return the resolver
	 */
	public static PolicyDnsResolver publicAddresses(HostLookup lookup) {
		return new PolicyDnsResolver(lookup, (address) -> !OutboundUrlPolicy.isForbidden(address), "public unicast");
	}

	/**
	 * A resolver allowing loopback addresses only, for the receivers of an explicit local
	 * opt-in.
	 * @param lookup how names are resolved
	 * @return the resolver
	 */
	public static PolicyDnsResolver loopbackAddresses(HostLookup lookup) {
		return new PolicyDnsResolver(lookup, OutboundUrlPolicy::isLoopback, "loopback");
	}

	@Override
	public InetAddress[] resolve(String host) throws UnknownHostException {
		String name = (host.startsWith("[") && host.endsWith("]")) ? host.substring(1, host.length() - 1) : host;
		if (name.isEmpty()) {
			// the JDK would answer loopback for an empty name
			throw new UnknownHostException("empty host");
		}
		InetAddress[] addresses = this.lookup.lookup(name);
		if (addresses == null || addresses.length == 0) {
			throw new UnknownHostException(host);
		}
		for (InetAddress address : addresses) {
			if (!this.allowed.test(address)) {
				throw new RefusedAddressException(host, this.rule);
			}
		}
		return addresses.clone();
	}

	/**
	 * The host itself: canonical names only matter for Kerberos/SPNEGO, which these
	 * clients never use, and a reverse lookup would only add a DNS query.
	 */
	@Override
	public String resolveCanonicalHostname(String host) {
		return host;
	}

}
