package com.zapigateway.outbound;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class PolicyDnsResolverTests {

	private final List<String> looked = new ArrayList<>();

	/** A resolver with a few fixed names; IP literals are parsed as the system does. */
	private final HostLookup lookup = (host) -> {
		this.looked.add(host);
		Map<String, String[]> names = Map.of("hooks.example.com", new String[] { "93.184.215.14" },
				"rebind.example.com", new String[] { "127.0.0.1" }, "mixed.example.com",
				new String[] { "93.184.215.14", "10.0.0.7" }, "v6.example.com",
				new String[] { "2606:2800:21f:cb07:6820:80da:af6b:8b2c", "fd00:ec2::254" }, "localhost",
				new String[] { "127.0.0.1", "::1" });
		String[] addresses = names.get(host);
		if (addresses == null) {
			return HostLookup.system().lookup(host);
		}
		InetAddress[] resolved = new InetAddress[addresses.length];
		for (int i = 0; i < addresses.length; i++) {
			resolved[i] = InetAddress.getByName(addresses[i]);
		}
		return resolved;
	};

	@Test
	void answersPublicAddresses() throws Exception {
		PolicyDnsResolver resolver = PolicyDnsResolver.publicAddresses(this.lookup);

		assertThat(resolver.resolve("hooks.example.com")).containsExactly(InetAddress.getByName("93.184.215.14"));
		assertThat(resolver.resolve("hooks.example.com", 443))
			.containsExactly(new InetSocketAddress(InetAddress.getByName("93.184.215.14"), 443));
		assertThat(resolver.resolve("8.8.8.8")).containsExactly(InetAddress.getByName("8.8.8.8"));
		assertThat(resolver.resolveCanonicalHostname("hooks.example.com")).isEqualTo("hooks.example.com");
	}

	@ParameterizedTest
	@ValueSource(strings = { "rebind.example.com", "mixed.example.com", "v6.example.com", "localhost", "127.0.0.1",
			"[::1]", "::1", "::ffff:7f00:1", "[::ffff:7f00:1]", "2130706433", "0.0.0.0", "169.254.169.254", "10.0.0.1",
			"fe80::1", "2002:7f00:1::", "64:ff9b::a9fe:a9fe" })
	void refusesAHostWithAnyForbiddenAddress(String host) {
		PolicyDnsResolver resolver = PolicyDnsResolver.publicAddresses(this.lookup);

		assertThatExceptionOfType(RefusedAddressException.class).isThrownBy(() -> resolver.resolve(host))
			.withMessageContaining(host)
			.withMessageNotContaining("10.0.0.7");
		assertThatExceptionOfType(RefusedAddressException.class).isThrownBy(() -> resolver.resolve(host, 443));
	}

	@Test
	void anEmptyHostIsUnknownRatherThanLoopback() {
		PolicyDnsResolver resolver = PolicyDnsResolver.loopbackAddresses(this.lookup);

		assertThatExceptionOfType(UnknownHostException.class).isThrownBy(() -> resolver.resolve(""));
		assertThatExceptionOfType(UnknownHostException.class).isThrownBy(() -> resolver.resolve("[]"));
		assertThat(this.looked).isEmpty();
	}

	@Test
	void theLoopbackResolverAnswersLoopbackOnly() throws Exception {
		PolicyDnsResolver resolver = PolicyDnsResolver.loopbackAddresses(this.lookup);

		assertThat(resolver.resolve("localhost")).containsExactly(InetAddress.getByName("127.0.0.1"),
				InetAddress.getByName("::1"));
		assertThat(resolver.resolve("127.0.0.1")).containsExactly(InetAddress.getByName("127.0.0.1"));
		assertThat(resolver.resolve("[::1]")).containsExactly(InetAddress.getByName("::1"));
		for (String host : List.of("hooks.example.com", "8.8.8.8", "10.0.0.1", "mixed.example.com", "::")) {
			assertThatExceptionOfType(RefusedAddressException.class).as(host).isThrownBy(() -> resolver.resolve(host));
		}
	}

}
