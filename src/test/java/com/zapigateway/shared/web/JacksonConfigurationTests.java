package com.zapigateway.shared.web;

import java.math.BigDecimal;
import java.util.List;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
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

	/**
	 * A surrogate written as a JSON escape is plain ASCII on the wire: the decoded string
	 * is checked, wherever it is (a field, a list, a nested object).
	 */
	@ParameterizedTest
	@ValueSource(strings = { "\\ud800", "\\udbff", "\\udc00", "\\udfff", "a\\ud800b", "\\udc00\\ud800",
			"\\ud83d\\ud83d\\ude00", "\\ud83d\\ude00\\ude00", "x\\ud83d" })
	void refusesAnUnpairedSurrogateInAnyStringNamingTheField(String escaped) {
		assertThatExceptionOfType(MismatchedInputException.class)
			.isThrownBy(() -> this.json.readValue("{\"text\":\"" + escaped + "\"}", Scalars.class))
			.satisfies((ex) -> assertThat(ex.getPath()).singleElement()
				.satisfies((reference) -> assertThat(reference.getPropertyName()).isEqualTo("text")));
		assertThatExceptionOfType(MismatchedInputException.class).isThrownBy(
				() -> this.json.readValue("{\"names\":[\"ok\",\"" + escaped + "\"],\"inner\":null}", Strings.class));
		assertThatExceptionOfType(MismatchedInputException.class).isThrownBy(() -> this.json
			.readValue("{\"names\":[],\"inner\":{\"names\":[],\"text\":\"" + escaped + "\"}}", Strings.class));
	}

	@Test
	void readsPairedSurrogatesAndEveryOtherCharacter() {
		Strings read = this.json.readValue(
				"{\"names\":[\"\\ud83d\\ude00\"],\"inner\":null,\"text\":\"\\ud83d\\ude00 \\u00e9\\uffff\\u0000 ok\"}",
				Strings.class);
		assertThat(read.names()).containsExactly("\uD83D\uDE00");
		assertThat(read.text()).isEqualTo("\uD83D\uDE00 \u00E9\uFFFF\u0000 ok");
		assertThat(WellFormedStringDeserializer.wellFormed("")).isTrue();
		assertThat(WellFormedStringDeserializer.wellFormed("\uD83D\uDE00")).isTrue();
		assertThat(WellFormedStringDeserializer.wellFormed("\uDE00\uD83D")).isFalse();
		assertThat(WellFormedStringDeserializer.wellFormed("\uD83D")).isFalse();
	}

	static JsonMapper strictMapper() {
		JsonMapper.Builder builder = JsonMapper.builder();
		new JacksonConfiguration().strictRequestBodies().customize(builder);
		return builder.build();
	}

	enum Color {

		RED, GREEN

	}

	record Strings(List<String> names, @Nullable Strings inner, @Nullable String text) {
	}

	record Scalars(@Nullable Boolean flag, boolean primitiveFlag, @Nullable Integer count, int primitiveCount,
			@Nullable Long big, @Nullable Double ratio, @Nullable BigDecimal amount, @Nullable Color color,
			@Nullable String text) {
	}

}
