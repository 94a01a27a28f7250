package com.zapigateway.security;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The internal callers allowed in, bound from {@code gateway.clients[N].*} (or
 * {@code GATEWAY_CLIENTS_0_NAME}, {@code GATEWAY_CLIENTS_0_APIKEYSHA256},
 * {@code GATEWAY_CLIENTS_0_TENANTS}, ...). Keys are configured only as SHA-256 hashes.
 *
 * @param clients the clients; at least one
 */
@Validated
@ConfigurationProperties("gateway")
record ClientsProperties(@NotEmpty(message = "configure at least one client: gateway.clients[0].name, "
		+ ".api-key-sha256 and .tenants") List<@Valid Client> clients) {

	ClientsProperties {
		clients = (clients != null) ? List.copyOf(clients) : List.of();
		Set<String> names = new HashSet<>();
		Map<String, String> owners = new HashMap<>();
		for (Client client : clients) {
			if (!names.add(client.name())) {
				throw new IllegalArgumentException("gateway.clients: duplicate client name '" + client.name() + "'");
			}
			for (String hash : client.apiKeyHashes()) {
				String owner = owners.putIfAbsent(hash.toLowerCase(Locale.ROOT), client.name());
				if (owner != null) {
					throw new IllegalArgumentException("gateway.clients: client '" + client.name() + "' "
							+ (owner.equals(client.name())
									? "has the same hash as api-key-sha256 and secondary-api-key-sha256"
									: "reuses another client's api-key-sha256"));
				}
			}
		}
	}

	/**
	 * One internal caller.
	 *
	 * @param name a name for logs and audit
	 * @param apiKeySha256 SHA-256 of its API key, 64 hex digits
	 * @param tenants the tenant ids it may act for, or {@code *}
	 * @param secondaryApiKeySha256 optional SHA-256 of a second key valid at the same
	 * time, for rotating keys without downtime: add the new key here, move callers to it,
	 * then make it the {@code api-key-sha256} and drop the old one
	 * @param operator whether the client may call operator endpoints
	 * ({@code /api/v1/admin/**}) and read the actuator's endpoints but health (metrics,
	 * ...)
	 */
	record Client(@NotBlank String name,
			@NotBlank @Pattern(regexp = "[0-9a-fA-F]{64}",
					message = "must be the SHA-256 of the key as 64 hex digits") String apiKeySha256,
			@NotEmpty List<@NotBlank String> tenants,
			@Pattern(regexp = "[0-9a-fA-F]{64}",
					message = "must be the SHA-256 of the key as 64 hex digits") @Nullable String secondaryApiKeySha256,
			@Nullable Boolean operator) {

		List<String> apiKeyHashes() {
			List<String> hashes = new ArrayList<>();
			if (this.apiKeySha256 != null) {
				hashes.add(this.apiKeySha256);
			}
			if (this.secondaryApiKeySha256 != null && !this.secondaryApiKeySha256.isBlank()) {
				hashes.add(this.secondaryApiKeySha256);
			}
			return hashes;
		}

		boolean isOperator() {
			return Boolean.TRUE.equals(this.operator);
		}

		@Override
		public String toString() {
			return "Client[name=" + this.name + ", tenants=" + this.tenants + ", operator=" + isOperator() + "]";
		}

	}

}
