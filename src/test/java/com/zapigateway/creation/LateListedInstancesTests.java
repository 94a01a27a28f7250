package com.zapigateway.creation;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import com.zapigateway.creation.LateListedInstances.Decision;
import com.zapigateway.idempotency.IdempotentRequest;
import com.zapigateway.idempotency.IdempotentRequest.State;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the sync's pass does with a listed instance the gateway does not hold, decided
 * from its name's reference and the create (intent) that reference belongs to.
 */
class LateListedInstancesTests {

	private static final String REFERENCE = "3f9c0a1b2c3d4e5f";

	private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");

	@Test
	void anInstanceWithoutAReferenceWasMadeOutsideTheGatewayAndIsNeverAssigned() {
		assertThat(LateListedInstances.decide(null, null, "Z1")).isEqualTo(Decision.UNREFERENCED);
		assertThat(LateListedInstances.decide(null, intent(State.FAILED, null, false), "Z1"))
			.as("an intent found by some other means does not matter without a reference")
			.isEqualTo(Decision.UNREFERENCED);
	}

	@Test
	void aReferenceNoKeptCreateHasIsCountedNeverGuessed() {
		assertThat(LateListedInstances.decide(REFERENCE, null, "Z1")).isEqualTo(Decision.UNKNOWN_REFERENCE);
		assertThat(Decision.UNKNOWN_REFERENCE.outcome()).isEqualTo(LateListedInstances.Outcome.UNKNOWN_REFERENCE);
	}

	@Test
	void aCreateDoneWithAnotherInstanceMakesThisOneItsDuplicate() {
		assertThat(LateListedInstances.decide(REFERENCE, intent(State.DONE, "Z2", false), "Z1"))
			.isEqualTo(Decision.DUPLICATE);
	}

	@Test
	void aCreateDoneWithThisInstanceHoldsItAlready() {
		assertThat(LateListedInstances.decide(REFERENCE, intent(State.DONE, "Z1", false), "Z1"))
			.isEqualTo(Decision.HELD);
	}

	@Test
	void aCreateThatProducedNoInstanceGetsThisOneAsItsOwn() {
		assertThat(LateListedInstances.decide(REFERENCE, intent(State.FAILED, null, false), "Z1"))
			.as("concluded absent (NOT_ON_ZAPI)")
			.isEqualTo(Decision.OWN);
		assertThat(LateListedInstances.decide(REFERENCE, intent(State.UNKNOWN, null, false), "Z1"))
			.as("unknown outcome, settled")
			.isEqualTo(Decision.OWN);
		assertThat(LateListedInstances.decide(REFERENCE, intent(State.PENDING, null, false), "Z1"))
			.as("its owner vanished")
			.isEqualTo(Decision.OWN);
	}

	@Test
	void aCreateSomeoneHoldsIsLeftToThem() {
		assertThat(LateListedInstances.decide(REFERENCE, intent(State.PENDING, null, true), "Z1"))
			.as("a create or retry in flight")
			.isEqualTo(Decision.IN_PROGRESS);
		assertThat(LateListedInstances.decide(REFERENCE, intent(State.UNKNOWN, null, true), "Z1"))
			.as("an unknown outcome still settling")
			.isEqualTo(Decision.IN_PROGRESS);
	}

	private static IdempotentRequest intent(State state, @Nullable String result, boolean leased) {
		Instant leaseUntil = leased ? NOW.plus(Duration.ofSeconds(30)) : NOW.minus(Duration.ofSeconds(1));
		return new IdempotentRequest(UUID.randomUUID(), IdempotentRequest.Scope.CREATE, "acme", "key", REFERENCE,
				"0".repeat(64), "{\"name\":\"Loja\"}", "client", state, leaseUntil, 1, result, null,
				NOW.minus(Duration.ofMinutes(1)), NOW);
	}

}
