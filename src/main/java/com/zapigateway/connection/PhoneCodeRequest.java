package com.zapigateway.connection;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The body of a phone code request.
 *
 * @param phone the number of the phone to connect, in international form: 10 to 15 digits
 * (country code first), optionally after one leading {@code +} (E.164's written form; it
 * is dropped before Z-API is called). Nothing else: no spaces, dashes or brackets, so
 * that the number Z-API gets is exactly the one validated.
 */
record PhoneCodeRequest(@NotNull @Pattern(regexp = PHONE, message = MESSAGE) @Nullable String phone) {

	static final String PHONE = "\\+?[0-9]{10,15}";

	static final String MESSAGE = "must be 10 to 15 digits, optionally after a leading +";

	/**
	 * The number as Z-API takes it: digits only.
	 * @return the digits
	 */
	String digits() {
		String value = (this.phone != null) ? this.phone : "";
		return value.startsWith("+") ? value.substring(1) : value;
	}

	/**
	 * The number as logs show it: its last 4 digits only.
	 * @param digits the number
	 * @return the masked number
	 */
	static String masked(String digits) {
		return "***" + ((digits.length() > 4) ? digits.substring(digits.length() - 4) : "");
	}

	@Override
	public String toString() {
		return "PhoneCodeRequest[phone=" + masked(digits()) + "]";
	}

}
