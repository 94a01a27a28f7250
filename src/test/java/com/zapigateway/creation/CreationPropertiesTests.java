package com.zapigateway.creation;

import java.time.Duration;
import java.util.Set;

import com.zapigateway.zapi.OnDemandInstanceRequest;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CreationPropertiesTests {

	@Test
	void keysAreKeptAtLeastADay() {
		Validator validator = Validation.buildDefaultValidatorFactory().getValidator();
		assertThat(validator.validate(properties(Duration.ofHours(24)))).isEmpty();
		CreationProperties shortRetention = properties(Duration.ofHours(1));
		Set<String> messages = Set.copyOf(validator.validate(shortRetention)
			.stream()
			.map(jakarta.validation.ConstraintViolation::getMessage)
			.toList());
		assertThat(messages).containsExactly("gateway.creation.key-retention must be at least 24h");
	}

	@Test
	void theReferenceTravelsInANameThatStaysWithinZapisLength() {
		String reference = GatewayReference.next();
		assertThat(reference).matches("[0-9a-f]{16}");
		OnDemandInstanceRequest longName = OnDemandInstanceRequest.named("x".repeat(OnDemandInstanceRequest.MAX_NAME));
		String sent = GatewayReference.decorate(longName, reference).name();
		assertThat(sent).hasSize(OnDemandInstanceRequest.MAX_NAME).endsWith(" [gw:" + reference + "]");
		assertThat(GatewayReference.carries(sent, reference)).isTrue();
		assertThat(GatewayReference.carries(sent, GatewayReference.next())).isFalse();
		assertThat(GatewayReference.decorate(OnDemandInstanceRequest.named("Shop"), reference).name())
			.isEqualTo("Shop [gw:" + reference + "]");
	}

	private static CreationProperties properties(Duration keyRetention) {
		return new CreationProperties(keyRetention, Duration.ofMinutes(2), Duration.ofSeconds(30),
				Duration.ofSeconds(2), Duration.ofSeconds(30), Duration.ofHours(1), 100, 20);
	}

}
