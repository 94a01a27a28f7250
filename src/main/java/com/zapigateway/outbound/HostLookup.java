package com.zapigateway.outbound;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Resolves a host name (or parses an IP literal) to its addresses. Production uses the
 * system resolver; tests supply their own to map a public-looking name to loopback. What
 * it answers is always judged by {@link PolicyDnsResolver}: a lookup cannot widen what
 * may be connected to.
 */
@FunctionalInterface
public interface HostLookup {

	/**
	 * The addresses of a host.
	 * @param host a name or an IP literal (IPv6 without brackets)
	 * @return its addresses, at least one
	 * @throws UnknownHostException if it has none
	 */
	InetAddress[] lookup(String host) throws UnknownHostException;

	/**
	 * The system resolver ({@link InetAddress#getAllByName(String)}: hosts file, DNS).
	 * @return the lookup
	 */
	static HostLookup system() {
		return InetAddress::getAllByName;
	}

}
