package com.zapigateway.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The figures docs/reliability.md quotes: each scenario's faults injected, creates
 * attempted on Z-API, instances Z-API made, instances the gateway stored, duplicates and
 * lost instances, as measured by the test. Printed and appended to
 * {@code target/reliability-figures.txt}.
 */
public final class ReliabilityFigures {

	private static final Path FILE = Path.of("target", "reliability-figures.txt");

	private ReliabilityFigures() {
	}

	/**
	 * Records one scenario's figures.
	 * @param scenario the scenario
	 * @param faults faults injected
	 * @param createsAttempted create requests that reached Z-API
	 * @param upstreamInstances instances Z-API made
	 * @param stored of those, instances the gateway stored (once each)
	 * @param duplicates instances Z-API made beyond one per intent
	 * @param lost instances Z-API made that the gateway does not hold
	 */
	public static synchronized void record(String scenario, int faults, long createsAttempted, long upstreamInstances,
			long stored, long duplicates, long lost) {
		String line = String.format(
				"RELIABILITY scenario=%s faults=%d creates_attempted=%d upstream_instances=%d"
						+ " stored=%d duplicates=%d lost=%d%n",
				scenario, faults, createsAttempted, upstreamInstances, stored, duplicates, lost);
		System.out.print(line);
		try {
			Files.createDirectories(FILE.getParent());
			Files.writeString(FILE, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
