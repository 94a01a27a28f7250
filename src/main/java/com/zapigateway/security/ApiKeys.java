package com.zapigateway.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Component;

/**
 * Matches a presented API key against the configured SHA-256 hashes, in constant time
 * with respect to which client (if any) matches.
 */
@Component
class ApiKeys {

	private final List<Entry> entries;

	ApiKeys(ClientsProperties properties) {
		this.entries = properties.clients()
			.stream()
			.map((client) -> new Entry(new ApiClient(client.name(), new HashSet<>(client.tenants())),
					HexFormat.of().parseHex(client.apiKeySha256())))
			.toList();
	}

	Optional<ApiClient> authenticate(String presentedKey) {
		byte[] presented = sha256(presentedKey);
		ApiClient match = null;
		for (Entry entry : this.entries) {
			if (MessageDigest.isEqual(entry.sha256(), presented)) {
				match = entry.client();
			}
		}
		return Optional.ofNullable(match);
	}

	static byte[] sha256(String key) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

	private record Entry(ApiClient client, byte[] sha256) {
	}

}
