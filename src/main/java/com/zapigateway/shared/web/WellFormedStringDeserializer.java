package com.zapigateway.shared.web;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.deser.std.StdScalarDeserializer;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.type.LogicalType;

/**
 * Reads every string of a JSON value as Jackson does, and refuses one that is not
 * well-formed UTF-16: an unpaired surrogate is no Unicode character, cannot be encoded in
 * UTF-8 (PostgreSQL would store a '?', Z-API would receive one) and means something
 * different to each system that repairs it.
 * <p>
 * The body's bytes are checked too ({@link Utf8Validator}: an encoded surrogate is not
 * UTF-8), but JSON can write a surrogate with a {@code \}{@code u} escape in plain ASCII,
 * so the decoded value is checked here, for every string of every body read with the
 * application's one JsonMapper, whatever its constraints say.
 */
final class WellFormedStringDeserializer extends StdScalarDeserializer<String> {

	WellFormedStringDeserializer() {
		super(String.class);
	}

	@Override
	public String deserialize(JsonParser parser, DeserializationContext context) throws JacksonException {
		String value = StringDeserializer.instance.deserialize(parser, context);
		if (value != null && !wellFormed(value)) {
			throw new UnpairedSurrogateException(parser);
		}
		return value;
	}

	@Override
	public LogicalType logicalType() {
		return LogicalType.Textual;
	}

	@Override
	public boolean isCachable() {
		return true;
	}

	@Override
	public Object getEmptyValue(DeserializationContext context) {
		return "";
	}

	/**
	 * Whether every surrogate of the text is a high one followed by a low one.
	 * @param text the text
	 * @return {@code true} if it is well-formed UTF-16
	 */
	static boolean wellFormed(String text) {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
				i++;
			}
			else if (Character.isSurrogate(c)) {
				return false;
			}
		}
		return true;
	}

	/** A JSON string with an unpaired surrogate; its path names the field. */
	static final class UnpairedSurrogateException extends MismatchedInputException {

		UnpairedSurrogateException(JsonParser parser) {
			super(parser, "String value is not well-formed Unicode: it has an unpaired surrogate", String.class);
		}

	}

}
