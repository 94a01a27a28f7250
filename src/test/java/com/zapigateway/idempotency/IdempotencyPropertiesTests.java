package com.zapigateway.idempotency;

import java.time.Duration;
import java.util.Set;

import jakarta.validation.Validation;
import jakarta.validation.Validator;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class IdempotencyPropertiesTests {

	@Test
	void keysAreKeptAtLeastADay() {
		Validator validator = Validation.buildDefaultValidatorFactory().getValidator();
		assertThat(validator.validate(properties(Duration.ofHours(24)))).isEmpty();
		IdempotencyProperties shortRetention = properties(Duration.ofHours(1));
		Set<String> messages = Set.copyOf(validator.validate(shortRetention)
			.stream()
			.map(jakarta.validation.ConstraintViolation::getMessage)
			.toList());
		assertThat(messages).containsExactly("gateway.idempotency.key-retention must be at least 24h");
	}

	private static IdempotencyProperties properties(Duration keyRetention) {
		return new IdempotencyProperties(keyRetention, Duration.ofMinutes(2), Duration.ofSeconds(30),
				Duration.ofSeconds(2), Duration.ofHours(1));
	}

}
