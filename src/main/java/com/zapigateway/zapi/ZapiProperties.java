package com.zapigateway.zapi;

import java.net.URI;
import java.time.Duration;
import java.util.regex.Pattern;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How to reach Z-API's partner API. Bound from {@code zapi.*} ({@code ZAPI_BASE_URL},
 * {@code ZAPI_PARTNER_TOKEN}, {@code ZAPI_CLIENT_TOKEN}, ...); start-up fails with a
 * clear message when the partner token is missing or the Client-Token is malformed.
 *
 * @param baseUrl Z-API's base URL
 * @param partnerToken the partner (integrator) token; never logged, never returned
 * @param connectTimeout how long to wait for a TCP/TLS connection
 * @param readTimeout the longest wait for the next bytes of Z-API's answer once the
 * request is sent
 * @param maxConnections the most connections to Z-API open at once (calls beyond it wait
 * up to the connect timeout for one, then fail as unreachable)
 * @param clientToken the account security token Z-API may require on every call to an
 * instance ({@code Client-Token} header), or {@code null} when the account does not
 * require one; never logged, never returned
 */
@Validated
@ConfigurationProperties("zapi")
public record ZapiProperties(@DefaultValue("https://api.z-api.io") @NotNull URI baseUrl,
		@NotBlank(message = "must be set (ZAPI_PARTNER_TOKEN)") String partnerToken,
		@DefaultValue("5s") @NotNull Duration connectTimeout, @DefaultValue("30s") @NotNull Duration readTimeout,
		@DefaultValue("1000") @Min(1) @Max(10000) int maxConnections, @Nullable String clientToken) {

	/**
	 * Printable ASCII without whitespace: a header value that cannot be split, folded or
	 * mangled on its way to Z-API.
	 */
	private static final Pattern CLIENT_TOKEN = Pattern.compile("[\\x21-\\x7E]{1,256}");

	@ConstructorBinding
	public ZapiProperties {
	}

	/**
	 * Without a Client-Token (accounts that do not require one).
	 * @param baseUrl Z-API's base URL
	 * @param partnerToken the partner token
	 * @param connectTimeout the connect timeout
	 * @param readTimeout the read timeout
	 * @param maxConnections the most connections open at once
	 */
	public ZapiProperties(URI baseUrl, String partnerToken, Duration connectTimeout, Duration readTimeout,
			int maxConnections) {
		this(baseUrl, partnerToken, connectTimeout, readTimeout, maxConnections, null);
	}

	/**
	 * Checked as a derived property rather than with a constraint on the token itself, so
	 * that a refusal reports {@code false}, never the rejected token.
	 * @return whether the Client-Token is absent or well-formed
	 */
	@AssertTrue(message = "zapi.client-token (ZAPI_CLIENT_TOKEN), when set, must be 1 to 256 printable ASCII"
			+ " characters without whitespace")
	public boolean isClientTokenWellFormed() {
		return this.clientToken == null || CLIENT_TOKEN.matcher(this.clientToken).matches();
	}

	@Override
	public String toString() {
		return "ZapiProperties[baseUrl=" + this.baseUrl + ", partnerToken=<redacted>, connectTimeout="
				+ this.connectTimeout + ", readTimeout=" + this.readTimeout + ", maxConnections=" + this.maxConnections
				+ ", clientToken=" + ((this.clientToken != null) ? "<redacted>" : "<none>") + "]";
	}

}
