package com.zapigateway;

import org.junit.jupiter.api.Test;

import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

/**
 * The modules' boundaries: no cycles, and no module reaches into another's internals.
 */
class ModularityTests {

	private final ApplicationModules modules = ApplicationModules.of(GatewayApplication.class);

	@Test
	void modulesDependOnEachOtherOneWayThroughTheirApis() {
		this.modules.verify();
	}

}
