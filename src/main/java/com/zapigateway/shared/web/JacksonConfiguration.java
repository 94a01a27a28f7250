package com.zapigateway.shared.web;

import java.util.List;
import java.util.Map;

import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.cfg.EnumFeature;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.type.LogicalType;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Strict JSON for request bodies: an unknown field is an error (a typo must not be
 * dropped silently), so is a field given twice (no smuggling a second value past a
 * reviewer or a proxy). Every value must have its field's JSON type: a boolean is a JSON
 * boolean, a number a JSON number (an integer for an integer field), an enum a JSON
 * string naming a constant, a string a JSON string. Nothing is coerced: Jackson's
 * defaults would read {@code ""} or {@code " "} as an absent (null) boolean, number or
 * enum, {@code "12"} as 12, {@code 0} as false and {@code 1.9} as the integer 1, so a
 * caller's mistake would pass as a different request. JSON {@code null} stays what it is:
 * the field is absent. A string must be well-formed Unicode (see
 * {@link WellFormedStringDeserializer}).
 */
@Configuration(proxyBeanMethods = false)
class JacksonConfiguration {

	private static final CoercionInputShape STRING = CoercionInputShape.String;

	private static final CoercionInputShape INTEGER = CoercionInputShape.Integer;

	private static final CoercionInputShape FLOAT = CoercionInputShape.Float;

	private static final CoercionInputShape BOOLEAN = CoercionInputShape.Boolean;

	/**
	 * The JSON shapes each kind of field refuses rather than coerces. An integer is a
	 * number of a decimal field (1 for 1.0).
	 */
	private static final Map<LogicalType, List<CoercionInputShape>> REFUSED = Map.ofEntries(
			Map.entry(LogicalType.Boolean, List.of(STRING, INTEGER, FLOAT)),
			Map.entry(LogicalType.Integer, List.of(STRING, FLOAT, BOOLEAN)),
			Map.entry(LogicalType.Float, List.of(STRING, BOOLEAN)),
			Map.entry(LogicalType.Enum, List.of(INTEGER, FLOAT, BOOLEAN)),
			Map.entry(LogicalType.Textual, List.of(INTEGER, FLOAT, BOOLEAN)));

	@Bean
	JsonMapperBuilderCustomizer strictRequestBodies() {
		return (builder) -> {
			builder
				.addModule(new SimpleModule("well-formed-strings").addDeserializer(String.class,
						new WellFormedStringDeserializer()))
				.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
				.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
				.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
				// no enum from its index, not even written as a string ("0")
				.enable(EnumFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
				// an empty or blank string is no value of any type but a string
				.withCoercionConfigDefaults(
						(config) -> config.setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail)
							.setAcceptBlankAsEmpty(false));
			REFUSED.forEach((type, shapes) -> builder.withCoercionConfig(type,
					(config) -> shapes.forEach((shape) -> config.setCoercion(shape, CoercionAction.Fail))));
		};
	}

}
