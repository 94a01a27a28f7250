package com.zapigateway.zapi;

import java.net.URI;

import com.zapigateway.zapi.ZapiProperties;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

/**
 * {@code zapiConfiguration}: whether the gateway is configured to reach Z-API (a partner
 * token is set, the base URL is https, or http on loopback for local runs). It never
 * calls Z-API (a probe must not depend on, or load, an external service) and never shows
 * a token; details show only the base URL's host and whether each token is set (the
 * Client-Token is optional: its absence is no failure, but tells an operator why Z-API
 * may answer {@code zapi-client-token-required}).
 */
@Component("zapiConfiguration")
class ZapiConfigurationHealthIndicator extends AbstractHealthIndicator {

	private final ZapiProperties properties;

	ZapiConfigurationHealthIndicator(ZapiProperties properties) {
		super("Z-API configuration check failed");
		this.properties = properties;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		URI baseUrl = this.properties.baseUrl();
		boolean tokenSet = this.properties.partnerToken() != null && !this.properties.partnerToken().isBlank();
		boolean secure = "https".equalsIgnoreCase(baseUrl.getScheme());
		boolean loopback = "http".equalsIgnoreCase(baseUrl.getScheme()) && isLoopback(baseUrl.getHost());
		builder.withDetail("host", String.valueOf(baseUrl.getHost()))
			.withDetail("partnerTokenSet", tokenSet)
			.withDetail("clientTokenSet", this.properties.clientToken() != null);
		if (tokenSet && (secure || loopback)) {
			builder.up();
		}
		else {
			builder.down().withDetail("reason", tokenSet ? "base URL must be https" : "partner token missing");
		}
	}

	private static boolean isLoopback(String host) {
		return "localhost".equalsIgnoreCase(host) || "127.0.0.1".equals(host) || "[::1]".equals(host)
				|| "::1".equals(host);
	}

}
