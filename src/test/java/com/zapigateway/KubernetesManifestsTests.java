package com.zapigateway;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DataObjectPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.ResolvableType;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.util.ClassUtils;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.fail;

/**
 * The Kubernetes manifests (deploy/kubernetes) as {@code kubectl kustomize} renders the
 * example overlay: every object is a Kubernetes API type with no field the API does not
 * know (checked offline against fabric8's model of the API), the Deployment keeps the
 * promises its comments make, and every environment variable it sets names a property of
 * the application. Needs kubectl on the PATH (Debian: kubernetes-client; .ci/run installs
 * it).
 */
class KubernetesManifestsTests {

	/** Set (by .ci/run) where kubectl must be present: its absence then fails. */
	static final String REQUIRE_KUBECTL = "REQUIRE_KUBECTL";

	private static final Path OVERLAY = Path.of("deploy", "kubernetes", "overlays", "example");

	private static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of("v1/ConfigMap", ConfigMap.class,
			"v1/Service", Service.class, "apps/v1/Deployment", Deployment.class, "policy/v1/PodDisruptionBudget",
			PodDisruptionBudget.class, "autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class);

	// Variables the JVM itself reads, not Spring
	private static final Set<String> NOT_SPRING = Set.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS");

	private static final ObjectMapper JSON = new ObjectMapper();

	private static @Nullable String renderedYaml;

	private static @Nullable List<HasMetadata> rendered;

	@Test
	void everyRenderedObjectIsAKubernetesTypeWithOnlyFieldsTheApiKnows() {
		List<Map<String, Object>> documents = documents(renderedYaml());

		assertThat(documents).extracting((document) -> document.get("apiVersion") + "/" + document.get("kind"))
			.containsExactlyInAnyOrderElementsOf(KINDS.keySet());
		for (Map<String, Object> document : documents) {
			assertThat(unknownFields(typed(document), kindOf(document)))
				.as("fields of %s unknown to the Kubernetes API", kindOf(document))
				.isEmpty();
		}
	}

	@Test
	void anUnknownFieldIsRefused() {
		// readinessProbe misspelt, and a field on a type that has none of that name
		String broken = """
				apiVersion: apps/v1
				kind: Deployment
				metadata:
				  name: broken
				spec:
				  selector: {matchLabels: {app: broken}}
				  template:
				    metadata: {labels: {app: broken}}
				    spec:
				      containers:
				        - name: gateway
				          image: gateway
				          readynessProbe: {httpGet: {path: /, port: 8080}}
				          securityContext: {runAsNonroot: true}
				""";
		Map<String, Object> document = documents(broken).get(0);

		assertThat(unknownFields(typed(document), "Deployment")).containsExactlyInAnyOrder(
				"Deployment.spec.template.spec.containers[0].readynessProbe",
				"Deployment.spec.template.spec.containers[0].securityContext.runAsNonroot");
	}

	@Test
	void aValueOfTheWrongTypeIsRefused() {
		String broken = """
				apiVersion: apps/v1
				kind: Deployment
				metadata: {name: broken}
				spec: {replicas: two}
				""";

		assertThat(failure(() -> typed(documents(broken).get(0)))).contains("replicas");
	}

	@Test
	void everyEnvironmentVariableNamesAPropertyOfTheApplication() {
		Set<String> variables = variables(deployment(), render());
		assertThat(variables).contains("SPRING_DATASOURCE_URL", "ZAPI_PARTNER_TOKEN", "GATEWAY_ENCRYPTION_KEYS_K1",
				"GATEWAY_CLIENTS_0_APIKEYSHA256");

		assertThat(KnownProperties.load().unknown(variables)).as("variables that name no property").isEmpty();
		// and none is an old name the application refuses to start with
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.addFirst(new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
					variables.stream().collect(Collectors.toMap((name) -> name, (name) -> (Object) "x"))));
		assertThatNoException().isThrownBy(() -> RenamedProperties.refuse(environment));
	}

	@Test
	void aMisspeltVariableIsRefused() {
		KnownProperties known = KnownProperties.load();
		// half one form, half the other; a name that is only a prefix; an index missing
		assertThat(known.unknown(List.of("ZAPI_PARTNER_TOKN", "GATEWAY_CLIENTS_0_API_KEYSHA256",
				"ZAPI_GUARD_MAX_CONCURRENTCALLS", "GATEWAY_ENCRYPTION_KEY", "SPRING_DATASOURCE_URI", "LOGGING_LEVEL",
				"ZAPI_GUARD", "GATEWAY_CLIENTS_NAME")))
			.containsExactly("ZAPI_PARTNER_TOKN", "GATEWAY_CLIENTS_0_API_KEYSHA256", "ZAPI_GUARD_MAX_CONCURRENTCALLS",
					"GATEWAY_ENCRYPTION_KEY", "SPRING_DATASOURCE_URI", "LOGGING_LEVEL", "ZAPI_GUARD",
					"GATEWAY_CLIENTS_NAME");
		// the forms Spring Boot binds: dashes dropped or turned into underscores,
		// indexes,
		// map keys, maps of any depth
		assertThat(known.unknown(List.of("ZAPI_PARTNERTOKEN", "ZAPI_PARTNER_TOKEN", "ZAPI_GUARD_MAXCONCURRENTCALLS",
				"GATEWAY_CLIENTS_0_API_KEY_SHA256", "GATEWAY_CLIENTS_12_SECONDARYAPIKEYSHA256",
				"GATEWAY_ENCRYPTION_KEYS_K2", "GATEWAY_LIMITS_CREATERATE_PERIOD", "LOGGING_LEVEL_ORG_HIBERNATE_SQL",
				"SERVER_SHUTDOWN", "GATEWAY_SYNC_SUBSCRIBEDPAYMENTSTATUSES_0", "SPRING_PROFILES_ACTIVE")))
			.isEmpty();
	}

	@Test
	void deploymentRollsOutWithoutLosingAReplica() {
		Deployment deployment = deployment();

		assertThat(deployment.getSpec().getReplicas()).isGreaterThanOrEqualTo(2);
		assertThat(deployment.getSpec().getStrategy().getType()).isEqualTo("RollingUpdate");
		assertThat(deployment.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getIntVal()).isZero();
		assertThat(one(PodDisruptionBudget.class).getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
		HorizontalPodAutoscaler autoscaler = one(HorizontalPodAutoscaler.class);
		assertThat(autoscaler.getSpec().getMinReplicas()).isGreaterThanOrEqualTo(2);
		assertThat(autoscaler.getSpec().getMaxReplicas()).isGreaterThan(autoscaler.getSpec().getMinReplicas());
	}

	@Test
	void serviceBudgetAndAutoscalerPointAtTheDeployment() {
		Deployment deployment = deployment();
		Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();

		assertThat(deployment.getSpec().getSelector().getMatchLabels()).isEqualTo(podLabels);
		assertThat(podLabels).containsAllEntriesOf(one(Service.class).getSpec().getSelector());
		assertThat(podLabels)
			.containsAllEntriesOf(one(PodDisruptionBudget.class).getSpec().getSelector().getMatchLabels());
		HorizontalPodAutoscaler autoscaler = one(HorizontalPodAutoscaler.class);
		assertThat(autoscaler.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
		assertThat(autoscaler.getSpec().getScaleTargetRef().getName()).isEqualTo(deployment.getMetadata().getName());
		Container gateway = gateway(deployment);
		assertThat(gateway.getPorts()).anySatisfy((port) -> {
			assertThat(port.getName())
				.isEqualTo(one(Service.class).getSpec().getPorts().get(0).getTargetPort().getStrVal());
			assertThat(port.getContainerPort()).isEqualTo(8080);
		});
	}

	@Test
	void probesAskTheActuatorHealthGroupsOnTheApplicationPort() {
		Container gateway = gateway(deployment());
		Map<String, Object> health = nested(applicationYaml(), "management", "endpoint", "health");

		assertThat(nested(health, "probes")).containsEntry("enabled", true);
		assertThat(nested(health, "group")).containsKeys("liveness", "readiness");
		assertThat(nested(applicationYaml(), "management")).doesNotContainKey("server");
		assertProbe(gateway.getStartupProbe(), "/actuator/health/liveness");
		assertProbe(gateway.getLivenessProbe(), "/actuator/health/liveness");
		assertProbe(gateway.getReadinessProbe(), "/actuator/health/readiness");
	}

	@Test
	void podRunsAsTheImageUserWithNothingItDoesNotNeed() throws IOException {
		Matcher user = java.util.regex.Pattern.compile("(?m)^USER (\\d+):(\\d+)$")
			.matcher(Files.readString(Path.of("Dockerfile")));
		assertThat(user.find()).as("the Dockerfile's numeric USER").isTrue();
		PodSpec pod = deployment().getSpec().getTemplate().getSpec();
		Container gateway = gateway(deployment());

		assertThat(pod.getAutomountServiceAccountToken()).isFalse();
		assertThat(pod.getEnableServiceLinks()).isFalse();
		assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
		assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(Long.parseLong(user.group(1)));
		assertThat(pod.getSecurityContext().getRunAsGroup()).isEqualTo(Long.parseLong(user.group(2)));
		assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
		assertThat(gateway.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
		assertThat(gateway.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
		assertThat(gateway.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
		assertThat(gateway.getSecurityContext().getCapabilities().getAdd()).isNullOrEmpty();
		VolumeMount tmp = gateway.getVolumeMounts()
			.stream()
			.filter((mount) -> mount.getMountPath().equals("/tmp"))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no volume at /tmp"));
		assertThat(pod.getVolumes()).filteredOn((volume) -> volume.getName().equals(tmp.getName()))
			.extracting(Volume::getEmptyDir)
			.doesNotContainNull()
			.hasSize(1);
	}

	@Test
	void memoryFollowsTheImageSizing() {
		Map<String, Quantity> requests = gateway(deployment()).getResources().getRequests();
		Map<String, Quantity> limits = gateway(deployment()).getResources().getLimits();

		// The Dockerfile: heap at half the container, ~270 MiB besides: 640 MiB or more
		assertThat(Quantity.getAmountInBytes(limits.get("memory")))
			.isGreaterThanOrEqualTo(Quantity.getAmountInBytes(new Quantity("640Mi")));
		assertThat(requests.get("memory")).isEqualTo(limits.get("memory"));
		assertThat(requests).containsKey("cpu");
	}

	@Test
	void theGracePeriodCoversTheDrainAndTheGracefulShutdown() {
		PodSpec pod = deployment().getSpec().getTemplate().getSpec();
		List<String> preStop = gateway(deployment()).getLifecycle().getPreStop().getExec().getCommand();
		Map<String, Object> yaml = applicationYaml();
		assertThat(nested(yaml, "server")).containsEntry("shutdown", "graceful");
		Duration phase = DurationStyle
			.detectAndParse(String.valueOf(nested(yaml, "spring", "lifecycle").get("timeout-per-shutdown-phase")));

		assertThat(preStop).hasSize(2).first().isEqualTo("sleep");
		Duration sleep = Duration.ofSeconds(Long.parseLong(preStop.get(1)));
		assertThat(Duration.ofSeconds(pod.getTerminationGracePeriodSeconds()))
			.isGreaterThan(sleep.plus(phase).plusSeconds(5));
	}

	@Test
	void secretsAreReferencedNeverWritten() {
		Deployment deployment = deployment();
		Container gateway = gateway(deployment);

		assertThat(render()).noneMatch((object) -> object.getKind().equals("Secret"));
		// literal settings live in the ConfigMap; every env entry names a Secret's key
		assertThat(gateway.getEnv()).allSatisfy((variable) -> {
			assertThat(variable.getValue()).as(variable.getName()).isNull();
			assertThat(variable.getValueFrom().getSecretKeyRef()).as(variable.getName()).isNotNull();
		});
		assertThat(gateway.getEnv()).extracting(EnvVar::getName)
			.contains("ZAPI_PARTNER_TOKEN", "ZAPI_CLIENT_TOKEN", "GATEWAY_ENCRYPTION_KEYS_K1",
					"GATEWAY_CLIENTS_0_APIKEYSHA256", "SPRING_DATASOURCE_PASSWORD");
		assertThat(configMap(deployment, render()).getData().keySet())
			.noneMatch((key) -> key.matches(".*(TOKEN|PASSWORD|SHA256|KEYS_).*"));
	}

	private static void assertProbe(Probe probe, String path) {
		assertThat(probe).as(path).isNotNull();
		assertThat(probe.getHttpGet().getPath()).isEqualTo(path);
		assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("http");
	}

	private static String failure(Runnable action) {
		try {
			action.run();
		}
		catch (RuntimeException ex) {
			return String.valueOf(ex.getMessage());
		}
		return fail("expected a failure");
	}

	// --- rendering and parsing

	private static synchronized String renderedYaml() {
		if (renderedYaml == null) {
			renderedYaml = kustomize(OVERLAY);
		}
		return renderedYaml;
	}

	private static synchronized List<HasMetadata> render() {
		if (rendered == null) {
			rendered = documents(renderedYaml()).stream().map(KubernetesManifestsTests::typed).toList();
		}
		return rendered;
	}

	private static String kustomize(Path overlay) {
		try {
			Path errors = Files.createTempFile("kustomize", ".err");
			try {
				Process process = new ProcessBuilder("kubectl", "kustomize", overlay.toString())
					.redirectError(errors.toFile())
					.start();
				process.getOutputStream().close();
				byte[] output = process.getInputStream().readAllBytes();
				if (!process.waitFor(60, TimeUnit.SECONDS)) {
					process.destroyForcibly();
					return fail("kubectl kustomize %s did not finish in 60 s", overlay);
				}
				if (process.exitValue() != 0) {
					return fail("kubectl kustomize %s failed: %s", overlay, Files.readString(errors));
				}
				return new String(output, StandardCharsets.UTF_8);
			}
			finally {
				Files.deleteIfExists(errors);
			}
		}
		catch (IOException ex) {
			String missing = String.format("could not run kubectl to render %s (%s): install it (Debian: apt-get"
					+ " install kubernetes-client; .ci/run does)", overlay, ex.getMessage());
			// CI requires it; a developer's machine without kubectl is told, not failed
			if (System.getenv(REQUIRE_KUBECTL) != null) {
				return fail(missing);
			}
			Assumptions.abort(missing + "; these tests are skipped here and run in CI (" + REQUIRE_KUBECTL + ")");
			throw new IllegalStateException("unreachable");
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return fail("interrupted");
		}
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> documents(String yaml) {
		List<Map<String, Object>> documents = new ArrayList<>();
		for (Object document : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(yaml)) {
			if (document != null) {
				documents.add((Map<String, Object>) document);
			}
		}
		return documents;
	}

	private static String kindOf(Map<String, Object> document) {
		return String.valueOf(document.get("kind"));
	}

	private static HasMetadata typed(Map<String, Object> document) {
		String kind = document.get("apiVersion") + "/" + document.get("kind");
		Class<? extends HasMetadata> type = KINDS.get(kind);
		if (type == null) {
			return fail("%s is not a kind this test knows: add its fabric8 type to KINDS", kind);
		}
		return JSON.convertValue(document, type);
	}

	/**
	 * The fields that fabric8's model of the Kubernetes API did not recognise: they are
	 * kept in each object's {@code additionalProperties} rather than refused.
	 */
	static List<String> unknownFields(Object object, String path) {
		List<String> unknown = new ArrayList<>();
		collectUnknown(object, path, unknown, Collections.newSetFromMap(new IdentityHashMap<>()));
		return unknown;
	}

	private static void collectUnknown(Object value, String path, List<String> unknown, Set<Object> seen) {
		if (value instanceof Map<?, ?> map) {
			map.forEach((key, item) -> collectUnknown(item, path + "." + key, unknown, seen));
			return;
		}
		if (value instanceof Collection<?> items) {
			int index = 0;
			for (Object item : items) {
				collectUnknown(item, path + "[" + index++ + "]", unknown, seen);
			}
			return;
		}
		if (value == null || !value.getClass().getName().startsWith("io.fabric8.") || !seen.add(value)) {
			return;
		}
		for (Method getter : value.getClass().getMethods()) {
			String name = getter.getName();
			if (getter.getParameterCount() != 0 || getter.getDeclaringClass() == Object.class
					|| !(name.startsWith("get") || name.startsWith("is"))) {
				continue;
			}
			Object property = invoke(getter, value);
			if (name.equals("getAdditionalProperties")) {
				((Map<?, ?>) property).keySet().forEach((key) -> unknown.add(path + "." + key));
			}
			else {
				String field = name.substring(name.startsWith("is") ? 2 : 3);
				collectUnknown(property, path + "." + Character.toLowerCase(field.charAt(0)) + field.substring(1),
						unknown, seen);
			}
		}
	}

	private static Object invoke(Method getter, Object target) {
		try {
			return getter.invoke(target);
		}
		catch (IllegalAccessException | InvocationTargetException ex) {
			throw new IllegalStateException(getter + ": " + ex.getMessage(), ex);
		}
	}

	// --- the rendered objects

	private static <T extends HasMetadata> T one(Class<T> type) {
		List<T> objects = render().stream().filter(type::isInstance).map(type::cast).toList();
		assertThat(objects).as(type.getSimpleName()).hasSize(1);
		return objects.get(0);
	}

	private static Deployment deployment() {
		return one(Deployment.class);
	}

	private static Container gateway(Deployment deployment) {
		List<Container> containers = deployment.getSpec().getTemplate().getSpec().getContainers();
		assertThat(containers).hasSize(1);
		return containers.get(0);
	}

	private static ConfigMap configMap(Deployment deployment, List<HasMetadata> objects) {
		List<EnvFromSource> sources = gateway(deployment).getEnvFrom();
		assertThat(sources).hasSize(1);
		assertThat(sources.get(0).getPrefix()).isNull();
		String name = sources.get(0).getConfigMapRef().getName();
		return objects.stream()
			.filter(ConfigMap.class::isInstance)
			.map(ConfigMap.class::cast)
			.filter((map) -> map.getMetadata().getName().equals(name))
			.findFirst()
			.orElseThrow(() -> new AssertionError("envFrom names ConfigMap " + name + ", not rendered"));
	}

	/** The variables the container gets: its env entries and its ConfigMap's keys. */
	private static Set<String> variables(Deployment deployment, List<HasMetadata> objects) {
		Set<String> names = new LinkedHashSet<>(configMap(deployment, objects).getData().keySet());
		gateway(deployment).getEnv().forEach((variable) -> names.add(variable.getName()));
		return names;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> applicationYaml() {
		try (InputStream in = Files.newInputStream(Path.of("src", "main", "resources", "application.yml"))) {
			return (Map<String, Object>) new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> nested(Map<String, Object> map, String... keys) {
		Map<String, Object> current = map;
		for (String key : keys) {
			assertThat(current).as("application.yml").containsKey(key);
			current = (Map<String, Object>) current.get(key);
		}
		return current;
	}

	/**
	 * The property names the application binds: Spring Boot's (the configuration metadata
	 * every Boot jar carries) and the application's own {@code @ConfigurationProperties}
	 * records, walked component by component. A name is a list of elements in Spring's
	 * dashed form; {@code *} stands for a list index or a map key, and an open name (a
	 * map of values) takes any further elements.
	 */
	static final class KnownProperties {

		private final List<Known> names = new ArrayList<>();

		private record Known(List<String> elements, boolean open) {

			/**
			 * Whether Spring Boot binds this variable to this name. The variable is the
			 * name upper-cased with dots turned into underscores, and dashes either
			 * dropped ({@code ZAPI_PARTNERTOKEN}) or, the older form it still reads,
			 * turned into underscores too ({@code ZAPI_PARTNER_TOKEN}): one form for the
			 * whole name.
			 */
			boolean binds(String variable) {
				List<String> given = List.of(variable.toLowerCase(Locale.ROOT).split("_", -1));
				return matches(given, 0, 0, false) || matches(given, 0, 0, true);
			}

			private boolean matches(List<String> given, int known, int at, boolean dashesAsUnderscores) {
				if (known == this.elements.size()) {
					return this.open ? at < given.size() : at == given.size();
				}
				String element = this.elements.get(known);
				if (element.equals("*")) {
					return at < given.size() && !given.get(at).isEmpty()
							&& matches(given, known + 1, at + 1, dashesAsUnderscores);
				}
				List<String> parts = dashesAsUnderscores ? List.of(element.split("-"))
						: List.of(element.replace("-", ""));
				return at + parts.size() <= given.size() && given.subList(at, at + parts.size()).equals(parts)
						&& matches(given, known + 1, at + parts.size(), dashesAsUnderscores);
			}

		}

		static KnownProperties load() {
			KnownProperties known = new KnownProperties();
			known.loadBootMetadata();
			known.loadApplicationProperties();
			return known;
		}

		/** The variables that no known property takes, in the order given. */
		List<String> unknown(Collection<String> variables) {
			List<String> unknown = new ArrayList<>();
			for (String variable : variables) {
				if (!NOT_SPRING.contains(variable) && this.names.stream().noneMatch((known) -> known.binds(variable))) {
					unknown.add(variable);
				}
			}
			return unknown;
		}

		private void loadBootMetadata() {
			try {
				for (String resource : List.of("META-INF/spring-configuration-metadata.json",
						"META-INF/additional-spring-configuration-metadata.json")) {
					for (URL url : Collections.list(getClass().getClassLoader().getResources(resource))) {
						try (InputStream in = url.openStream()) {
							for (JsonNode property : JSON.readTree(in).path("properties")) {
								addMetadata(property.path("name").asText(), property.path("type").asText(""));
							}
						}
					}
				}
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
			assertThat(this.names).as("Spring Boot's configuration metadata").hasSizeGreaterThan(500);
		}

		private void addMetadata(String name, String type) {
			if (!ConfigurationPropertyName.isValid(name)) {
				return;
			}
			List<String> elements = elements(ConfigurationPropertyName.of(name));
			if (type.startsWith("java.util.Map") || type.startsWith("java.util.Properties")) {
				this.names.add(new Known(elements, true));
				return;
			}
			this.names.add(new Known(elements, false));
			if (type.startsWith("java.util.List") || type.startsWith("java.util.Set")
					|| type.startsWith("java.util.Collection") || type.endsWith("[]")) {
				this.names.add(new Known(with(elements, "*"), false));
			}
		}

		private void loadApplicationProperties() {
			ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(
					false);
			scanner.addIncludeFilter(new AnnotationTypeFilter(ConfigurationProperties.class));
			int before = this.names.size();
			for (BeanDefinition candidate : scanner
				.findCandidateComponents(GatewayApplication.class.getPackageName())) {
				Class<?> type = ClassUtils.resolveClassName(candidate.getBeanClassName(), null);
				if (type.getName().contains("Test")) {
					continue;
				}
				// value and prefix are aliases
				String prefix = MergedAnnotations.from(type).get(ConfigurationProperties.class).getString("prefix");
				addType(elements(ConfigurationPropertyName.of(prefix)), ResolvableType.forClass(type));
			}
			assertThat(this.names.size() - before).as("the application's own properties").isGreaterThan(30);
		}

		private void addType(List<String> prefix, ResolvableType type) {
			Class<?> raw = type.toClass();
			if (Map.class.isAssignableFrom(raw)) {
				ResolvableType value = type.asMap().getGeneric(1);
				if (isValue(value.toClass())) {
					this.names.add(new Known(prefix, true));
				}
				else {
					addType(with(prefix, "*"), value);
				}
			}
			else if (Collection.class.isAssignableFrom(raw) || raw.isArray()) {
				ResolvableType element = raw.isArray() ? type.getComponentType() : type.asCollection().getGeneric(0);
				if (isValue(element.toClass())) {
					// a comma-separated value, or one element per index
					this.names.add(new Known(prefix, false));
				}
				addType(with(prefix, "*"), element);
			}
			else if (raw.isRecord()) {
				for (RecordComponent component : raw.getRecordComponents()) {
					addType(with(prefix, DataObjectPropertyName.toDashedForm(component.getName())),
							ResolvableType.forType(component.getGenericType()));
				}
			}
			else {
				assertThat(isValue(raw)).as("%s: a value or a record", String.join(".", prefix) + " " + raw).isTrue();
				this.names.add(new Known(prefix, false));
			}
		}

		private static boolean isValue(Class<?> type) {
			return type.isPrimitive() || type.isEnum() || type == DataSize.class || (type.getName().startsWith("java.")
					&& !Collection.class.isAssignableFrom(type) && !Map.class.isAssignableFrom(type));
		}

		private static List<String> elements(ConfigurationPropertyName name) {
			List<String> elements = new ArrayList<>();
			for (int i = 0; i < name.getNumberOfElements(); i++) {
				elements.add(name.getElement(i, ConfigurationPropertyName.Form.DASHED));
			}
			return elements;
		}

		private static List<String> with(List<String> elements, String element) {
			List<String> longer = new ArrayList<>(elements);
			longer.add(element);
			return longer;
		}

	}

}
