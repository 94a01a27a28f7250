package com.zapigateway.shared.web;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class Utf8ValidatorTests {

	@ParameterizedTest
	@ValueSource(strings = { "", "plain ascii", "ação", "日本語", "😀 emoji", "\u007f\u0080\u07ff\u0800\uffff",
			"\uD800\uDC00\uDBFF\uDFFF" })
	void acceptsWellFormedUtf8(String text) {
		assertThatNoException().isThrownBy(() -> validate(text.getBytes(StandardCharsets.UTF_8)));
	}

	@ParameterizedTest
	@ValueSource(strings = { "c0af", "c1bf", "e080af", "f08080af", "eda080", "edbfbf", "f4908080", "f5808080", "ff",
			"80", "bf", "c3", "e282", "f09f98", "c328", "e228a1", "fe", "c3c3" })
	void refusesMalformedUtf8(String hex) {
		assertThatThrownBy(() -> validate(HexFormat.of().parseHex(hex)))
			.isInstanceOf(Utf8Validator.MalformedBodyException.class);
	}

	private static void validate(byte[] bytes) throws Exception {
		Utf8Validator validator = new Utf8Validator();
		for (byte b : bytes) {
			validator.accept(b & 0xff);
		}
		validator.end();
	}

}
