package com.zapigateway;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

/**
 * The modules' boundaries: no cycles, and no module reaches into another's internals.
 * Every build also writes the module diagrams (PlantUML) and canvases (Asciidoc) to
 * {@code docs/modules}, referenced from {@code docs/architecture.md}: the committed ones
 * cannot drift from the code unnoticed, since a change shows in {@code git status}.
 */
class ModularityTests {

	static final String DOCS = "docs/modules";

	private final ApplicationModules modules = ApplicationModules.of(GatewayApplication.class);

	@Test
	void modulesDependOnEachOtherOneWayThroughTheirApis() {
		this.modules.verify();
	}

	@Test
	void writesTheModuleDiagramsAndCanvases() {
		Documenter documenter = new Documenter(this.modules, Documenter.Options.defaults().withOutputFolder(DOCS))
			.writeModulesAsPlantUml()
			.writeIndividualModulesAsPlantUml();
		try {
			documenter.writeModuleCanvases(Documenter.CanvasOptions.defaults().revealInternals());
		}
		catch (RuntimeException ex) {
			// The diagrams are written; a canvas quotes Javadoc, which Asciidoc may fail
			// to
			// read (an unbalanced bracket such as {@code (after, until]}): reported as
			// skipped, not failed, so that the boundaries above still decide the build.
			Assumptions.abort("Module canvases not written to " + DOCS + ": " + ex
					+ " (a Javadoc quoted by a canvas may hold an unbalanced bracket, e.g. {@code (a, b]})");
		}
	}

}
