package com.zapigateway.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * Matches a presented API key against the configured SHA-256 hashes (up to two per
 * client, for rotation). The presented key is hashed first, so the comparison works on
 * fixed-length digests, and every configured hash is compared with
 * {@link MessageDigest#isEqual} (constant time) whether or not one already matched: the
 * time taken says nothing about which client, or which of its keys, matched.
 */
@Component
class ApiKeys {

	private final List<Entry> entries;

	ApiKeys(ClientsProperties properties) {
		List<Entry> entries = new ArrayList<>();
		for (ClientsProperties.Client client : properties.clients()) {
			Authenticated authenticated = new Authenticated(
					new ApiClient(client.name(), new HashSet<>(client.tenants())), client.isOperator());
			for (String hash : client.apiKeyHashes()) {
				entries.add(new Entry(authenticated, HexFormat.of().parseHex(hash)));
			}
		}
		this.entries = List.copyOf(entries);
	}

	Optional<Authenticated> authenticate(String presentedKey) {
		byte[] presented = sha256(presentedKey);
		Authenticated match = null;
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

	/**
	 * A client a key belongs to.
	 *
	 * @param client the principal
	 * @param operator whether it may call operator endpoints
	 */
	record Authenticated(ApiClient client, boolean operator) {
	}

	private record Entry(Authenticated client, byte[] sha256) {

		@Override
		public boolean equals(@Nullable Object other) {
			return this == other;
		}

		@Override
		public int hashCode() {
			return System.identityHashCode(this);
		}

		@Override
		public String toString() {
			return "Entry[client=" + this.client.client().name() + ", sha256=<redacted>]";
		}

	}

}
