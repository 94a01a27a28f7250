package com.zapigateway;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.Environment;
import org.springframework.boot.origin.Origin;

/**
 * Settings whose name changed, each with the name that replaced it. Spring ignores a
 * property nothing binds, so a deployment still setting an old name would run on the new
 * one's default without a word (a guard of 16 calls where 4 were asked for, a lease the
 * operator shortened back to 2 minutes): the gateway refuses to start instead, naming
 * each old setting, where it was found and the name to use.
 * <p>
 * Looked up through Boot's configuration property sources, which apply the relaxed
 * binding rules: {@code gateway.creation.max-concurrent-calls} is found however it is
 * given (YAML, properties, {@code --gateway.creation.max-concurrent-calls},
 * {@code GATEWAY_CREATION_MAXCONCURRENTCALLS} or
 * {@code GATEWAY_CREATION_MAX_CONCURRENT_CALLS}).
 */
final class RenamedProperties {

	/** Old name to new name. */
	static final Map<String, String> RENAMED = renamed();

	private RenamedProperties() {
	}

	private static Map<String, String> renamed() {
		Map<String, String> renamed = new LinkedHashMap<>();
		// the Z-API guard protects every Z-API call, not only creates
		for (String name : List.of("max-concurrent-calls", "max-wait", "max-attempts", "retry-initial-backoff",
				"retry-max-backoff", "failure-rate-threshold", "minimum-calls", "sliding-window-size",
				"open-duration")) {
			renamed.put("gateway.creation." + name, "zapi.guard." + name);
		}
		// the Idempotency-Key settings serve creates, subscribes and cancels alike
		for (String name : List.of("lease", "settle-time", "retry-after", "key-retention", "purge-interval")) {
			renamed.put("gateway.creation." + name, "gateway.idempotency." + name);
		}
		return Map.copyOf(renamed);
	}

	/**
	 * Fails if any old name is set.
	 * @param environment the application's environment
	 * @throws IllegalStateException naming every old setting found and its new name
	 */
	static void refuse(Environment environment) {
		List<String> found = new ArrayList<>();
		RENAMED.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach((renamed) -> {
			ConfigurationPropertyName name = ConfigurationPropertyName.of(renamed.getKey());
			for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
				ConfigurationProperty property = source.getConfigurationProperty(name);
				if (property != null) {
					found.add(renamed.getKey() + " was renamed: set " + renamed.getValue() + " instead ("
							+ origin(property) + ")");
					return;
				}
			}
		});
		if (!found.isEmpty()) {
			throw new IllegalStateException("Renamed settings: " + String.join("; ", found));
		}
	}

	/** Where it was set; never its value. */
	private static String origin(ConfigurationProperty property) {
		Origin origin = property.getOrigin();
		return (origin != null) ? "found in " + origin : "found";
	}

}
