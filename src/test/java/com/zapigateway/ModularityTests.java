package com.zapigateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

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

	/** A PlantUML element or relation, one a line, in no order that means anything. */
	private static final Pattern UNORDERED = Pattern.compile("\\s*(Component|Rel)\\(.*");

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
		sortUnorderedLines(Path.of(DOCS));
		try {
			documenter.writeModuleCanvases(Documenter.CanvasOptions.defaults().revealInternals());
		}
		catch (RuntimeException ex) {
			// The diagrams are written; a canvas quotes Javadoc, which Asciidoc
			// may fail to read (an unbalanced bracket such as {@code (a, b]}):
			// reported as skipped, not failed, so that the boundaries above still
			// decide the build.
			Assumptions.abort("Module canvases not written to " + DOCS + ": " + ex
					+ " (a Javadoc quoted by a canvas may hold an unbalanced bracket, e.g. {@code (a, b]})");
		}
	}

	/**
	 * Sorts each run of elements or relations in the PlantUML files: the Documenter
	 * writes them in an order that varies from one JVM to the next, which would show the
	 * diagrams as changed on every build.
	 */
	private static void sortUnorderedLines(Path folder) {
		try (Stream<Path> files = Files.list(folder)) {
			for (Path file : files.filter((path) -> path.toString().endsWith(".puml")).toList()) {
				List<String> sorted = new ArrayList<>();
				List<String> run = new ArrayList<>();
				for (String line : Files.readAllLines(file)) {
					if (UNORDERED.matcher(line).matches()) {
						run.add(line);
						continue;
					}
					run.sort(null);
					sorted.addAll(run);
					run.clear();
					sorted.add(line);
				}
				run.sort(null);
				sorted.addAll(run);
				Files.write(file, sorted);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
