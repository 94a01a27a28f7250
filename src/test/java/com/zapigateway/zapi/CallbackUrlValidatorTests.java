package com.zapigateway.zapi;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class CallbackUrlValidatorTests {

	private final CallbackUrlValidator validator = new CallbackUrlValidator();

	@ParameterizedTest
	@ValueSource(strings = { "https://hooks.example.com/zapi", "https://hooks.example.com:8443/a?b=c",
			"https://8.8.8.8/hook", "https://[2001:4860:4860::8888]/hook", "https://example.com./x" })
	void acceptsPublicHttpsUrls(String url) {
		assertThat(this.validator.isValid(url, null)).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "http://hooks.example.com/zapi", "ftp://hooks.example.com/", "javascript:alert(1)",
			"file:///etc/passwd", "https://user:pass@hooks.example.com/", "https://user@hooks.example.com/",
			"https://hooks.example.com/#frag", "/relative/path", "https://", "https://localhost/hook",
			"https://LOCALHOST./hook", "https://api.localhost/hook", "https://printer.local/",
			"https://metadata.google.internal/", "https://127.0.0.1/", "https://127.1/", "https://2130706433/",
			"https://0x7f000001/", "https://017700000001/", "https://0.0.0.0/", "https://10.1.2.3/",
			"https://172.16.0.1/", "https://172.31.255.255/", "https://192.168.1.1/",
			"https://169.254.169.254/latest/meta-data", "https://100.64.0.1/", "https://[::1]/", "https://[::]/",
			"https://[fe80::1]/", "https://[fd00::1]/", "https://[::ffff:127.0.0.1]/", "https://[::ffff:10.0.0.1]/",
			"https://[64:ff9b::a9fe:a9fe]/", "https://224.0.0.1/", "not a url", "https://exa mple.com/",
			// 6to4 and Teredo of 127.0.0.1, IPv4-compatible, reserved, a single label
			"https://[2002:7f00:1::]/x", "https://[::127.0.0.1]/", "https://[2001:0:4136:e378:8000:63bf:80ff:fffe]/",
			"https://240.0.0.1/", "https://198.18.0.1/", "https://metadata/", "https://hooks.example.com:99999/",
			"http://localhost:8080/" })
	void refusesEverythingElse(String url) {
		assertThat(this.validator.isValid(url, null)).isFalse();
	}

}
