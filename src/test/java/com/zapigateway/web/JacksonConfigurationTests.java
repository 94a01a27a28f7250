package com.zapigateway.web;

import java.math.BigDecimal;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The application's JSON reading: every scalar must have its field's JSON type; nothing
 * is coerced, and an empty or blank string is never taken for an absent value.
 */
class JacksonConfigurationTests {

	private final JsonMapper json = strictMapper();

	@ParameterizedTest(name = "{0}: {1}")
	@MethodSource("valuesOfAnotherType")
	void refusesAValueOfAnotherTypeNamingTheField(String field, String value) {
		assertThatExceptionOfType(MismatchedInputException.class)
			.isThrownBy(() -> this.json.readValue("{\"" + field + "\":" + value + "}", Scalars.class))
			.satisfies((ex) -> assertThat(ex.getPath()).singleElement()
				.satisfies((reference) -> assertThat(reference.getPropertyName()).isEqualTo(field)));
	}

	static Stream<Arguments> valuesOfAnotherType() {
		return Stream
			.of(cases("flag", "\"\"", "\" \"", "\"true\"", "\"false\"", "\"1\"", "0", "1", "1.0", "[]", "{}", "[true]"),
					cases("primitiveFlag", "\"\"", "\"true\"", "0", "null"),
					cases("count", "\"\"", "\"  \"", "\"12\"", "true", "1.9", "[]", "{}"),
					cases("primitiveCount", "\"\"", "\"12\"", "true", "1.5", "null"),
					cases("big", "\"\"", "\"12\"", "false"), cases("ratio", "\"\"", "\"1.5\"", "true", "[]"),
					cases("amount", "\"\"", "\"1.5\"", "true"),
					cases("color", "\"\"", "\" \"", "0", "\"0\"", "1.0", "true", "\"PURPLE\"", "[]"),
					cases("text", "1", "1.5", "true", "[]", "{}"))
			.flatMap((stream) -> stream);
	}

	private static Stream<Arguments> cases(String field, String... values) {
		return Stream.of(values).map((value) -> Arguments.of(field, value));
	}

	@Test
	void readsValuesOfTheirOwnTypeAndNullAsAbsent() {
		Scalars read = this.json.readValue("""
				{"flag":false,"primitiveFlag":true,"count":12,"primitiveCount":-3,"big":9007199254740993,
				 "ratio":1,"amount":1.50,"color":"RED","text":""}""", Scalars.class);
		assertThat(read)
			.isEqualTo(new Scalars(false, true, 12, -3, 9007199254740993L, 1.0, new BigDecimal("1.50"), Color.RED, ""));
		assertThat(this.json
			.readValue("{\"flag\":null,\"primitiveFlag\":false,\"count\":null,\"primitiveCount\":0,\"big\":null,"
					+ "\"ratio\":null,\"amount\":null,\"color\":null,\"text\":null}", Scalars.class))
			.isEqualTo(new Scalars(null, false, null, 0, null, null, null, null, null));
	}

	static JsonMapper strictMapper() {
		JsonMapper.Builder builder = JsonMapper.builder();
		new JacksonConfiguration().strictRequestBodies().customize(builder);
		return builder.build();
	}

	enum Color {

		RED, GREEN

	}

	record Scalars(@Nullable Boolean flag, boolean primitiveFlag, @Nullable Integer count, int primitiveCount,
			@Nullable Long big, @Nullable Double ratio, @Nullable BigDecimal amount, @Nullable Color color,
			@Nullable String text) {
	}

}
