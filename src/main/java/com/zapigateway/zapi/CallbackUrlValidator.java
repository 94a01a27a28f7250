package com.zapigateway.zapi;

import java.net.URI;
import java.net.URISyntaxException;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import org.jspecify.annotations.Nullable;

class CallbackUrlValidator implements ConstraintValidator<CallbackUrl, String> {

	@Override
	public boolean isValid(@Nullable String value, ConstraintValidatorContext context) {
		if (value == null) {
			return true;
		}
		try {
			URI uri = new URI(value);
			return uri.isAbsolute() && "https".equalsIgnoreCase(uri.getScheme()) && uri.getHost() != null
					&& !uri.getHost().isBlank() && uri.getRawUserInfo() == null && uri.getRawFragment() == null;
		}
		catch (URISyntaxException ex) {
			return false;
		}
	}

}
