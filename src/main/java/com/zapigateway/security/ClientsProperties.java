package com.zapigateway.security;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;

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
		Set<String> hashes = new HashSet<>();
		for (Client client : clients) {
			if (!names.add(client.name())) {
				throw new IllegalArgumentException("gateway.clients: duplicate client name '" + client.name() + "'");
			}
			if (client.apiKeySha256() != null && !hashes.add(client.apiKeySha256().toLowerCase(Locale.ROOT))) {
				throw new IllegalArgumentException(
						"gateway.clients: client '" + client.name() + "' reuses another client's api-key-sha256");
			}
		}
	}

	/**
	 * One internal caller.
	 *
	 * @param name a name for logs and audit
	 * @param apiKeySha256 SHA-256 of its API key, 64 hex digits
	 * @param tenants the tenant ids it may act for, or {@code *}
	 */
	record Client(@NotBlank String name,
			@NotBlank @Pattern(regexp = "[0-9a-fA-F]{64}",
					message = "must be the SHA-256 of the key as 64 hex digits") String apiKeySha256,
			@NotEmpty List<@NotBlank String> tenants) {

		@Override
		public String toString() {
			return "Client[name=" + this.name + ", tenants=" + this.tenants + "]";
		}

	}

}
