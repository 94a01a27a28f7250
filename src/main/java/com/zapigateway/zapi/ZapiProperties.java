package com.zapigateway.zapi;

import java.net.URI;
import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How to reach Z-API's partner API. Bound from {@code zapi.*} ({@code ZAPI_BASE_URL},
 * {@code ZAPI_PARTNER_TOKEN}, ...); start-up fails with a clear message when the partner
 * token is missing.
 *
 * @param baseUrl Z-API's base URL
 * @param partnerToken the partner (integrator) token; never logged, never returned
 * @param connectTimeout how long to wait for a TCP/TLS connection
 * @param readTimeout the longest wait for the next bytes of Z-API's answer once the
 * request is sent
 * @param maxConnections the most connections to Z-API open at once (calls beyond it wait
 * up to the connect timeout for one, then fail as unreachable)
 */
@Validated
@ConfigurationProperties("zapi")
public record ZapiProperties(@DefaultValue("https://api.z-api.io") @NotNull URI baseUrl,
		@NotBlank(message = "must be set (ZAPI_PARTNER_TOKEN)") String partnerToken,
		@DefaultValue("5s") @NotNull Duration connectTimeout, @DefaultValue("30s") @NotNull Duration readTimeout,
		@DefaultValue("1000") @Min(1) @Max(10000) int maxConnections) {

	@Override
	public String toString() {
		return "ZapiProperties[baseUrl=" + this.baseUrl + ", partnerToken=<redacted>, connectTimeout="
				+ this.connectTimeout + ", readTimeout=" + this.readTimeout + ", maxConnections=" + this.maxConnections
				+ "]";
	}

}
