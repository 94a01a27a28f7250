package com.zapigateway.security;

import java.util.Set;

/**
 * An authenticated internal caller.
 *
 * @param name the client's configured name
 * @param tenants the tenants it may act for; {@code *} means all
 */
public record ApiClient(String name, Set<String> tenants) {

	/** The tenant wildcard. */
	public static final String ALL_TENANTS = "*";

	public ApiClient {
		tenants = Set.copyOf(tenants);
	}

	/**
	 * Whether this client may act for the tenant.
	 * @param tenantId the tenant
	 * @return {@code true} if bound to it or to all tenants
	 */
	public boolean mayActFor(String tenantId) {
		return this.tenants.contains(ALL_TENANTS) || this.tenants.contains(tenantId);
	}

}
