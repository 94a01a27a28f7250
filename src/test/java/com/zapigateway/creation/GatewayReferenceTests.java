package com.zapigateway.creation;

import com.zapigateway.zapi.OnDemandInstanceRequest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class GatewayReferenceTests {

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

	@Test
	void theReferenceIsReadBackFromANameSeenOnZapi() {
		String reference = GatewayReference.next();
		String sent = GatewayReference.decorate(OnDemandInstanceRequest.named("Loja 1"), reference).name();

		assertThat(GatewayReference.in(sent)).isEqualTo(reference);
		assertThat(GatewayReference.in("Loja [gw:0123456789abcdef] of a caller" + GatewayReference.marker(reference)))
			.as("the gateway's marker is the last one")
			.isEqualTo(reference);
		assertThat(GatewayReference.in("Made in Z-API's panel")).isNull();
		assertThat(GatewayReference.in("Loja [gw:0123]")).isNull();
		assertThat(GatewayReference.in("Loja [gw:0123456789ABCDEF]")).as("references are lowercase hex").isNull();
		assertThat(GatewayReference.in(null)).isNull();
	}

}
