package com.zapigateway.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;

/**
 * The whole gateway on a random loopback port, with the real PostgreSQL, the shared Z-API
 * fake ({@link ZapiFake}) and one fixed property set (profile {@value #PROFILE},
 * {@code src/test/resources/config/application-gateway-test.yml}): every class so
 * annotated shares one Spring context.
 * <p>
 * A class that needs other settings adds a named profile after {@value #PROFILE}, e.g.
 * {@code @ActiveProfiles({ GatewayTest.PROFILE, "small-limits" })}: classes naming the
 * same profiles share that context too. Keys of the shared clients are constants here.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles(GatewayTest.PROFILE)
@ContextConfiguration(initializers = ZapiFake.Initializer.class)
@Import({ PostgresTestConfiguration.class, TestHostNames.class })
@ExtendWith(ZapiFake.ResetBeforeEach.class)
public @interface GatewayTest {

	/** The shared property set. */
	String PROFILE = "gateway-test";

	/** The key of client {@code all-tenants} (all tenants). */
	String ALL_TENANTS_KEY = "test-key-all";

	/** The key of client {@code acme-only} (tenant {@code acme}). */
	String ACME_KEY = "test-key-acme";

	/** The key of client {@code lifecycle-tests} (all tenants). */
	String LIFECYCLE_KEY = "lifecycle-test-key";

	/**
	 * The key of client {@code lifecycle-operator}: actuator endpoints but health are for
	 * operators only.
	 */
	String OPERATOR_KEY = "lifecycle-operator-key";

}
