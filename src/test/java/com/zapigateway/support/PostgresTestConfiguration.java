package com.zapigateway.support;

import org.testcontainers.postgresql.PostgreSQLContainer;

import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * A real PostgreSQL for tests and for {@code ./mvnw spring-boot:test-run}; see
 * {@link TestPostgres} for which one. Never H2, never skipped.
 */
@TestConfiguration(proxyBeanMethods = false)
public class PostgresTestConfiguration {

	@Bean
	@ServiceConnection
	@Conditional(UseTestcontainers.class)
	PostgreSQLContainer postgresContainer() {
		return new PostgreSQLContainer(TestPostgres.IMAGE);
	}

	@Bean
	@Conditional(UseEmbedded.class)
	JdbcConnectionDetails embeddedPostgresConnectionDetails() {
		String url = TestPostgres.embedded().getJdbcUrl("postgres", "postgres");
		return new JdbcConnectionDetails() {

			@Override
			public String getUsername() {
				return "postgres";
			}

			@Override
			public String getPassword() {
				return "postgres";
			}

			@Override
			public String getJdbcUrl() {
				return url;
			}

		};
	}

	private static boolean explicitUrl(ConditionContext context) {
		return StringUtils.hasText(context.getEnvironment().getProperty("spring.datasource.url"));
	}

	static class UseTestcontainers implements Condition {

		@Override
		public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
			return !explicitUrl(context) && TestPostgres.dockerAvailable();
		}

	}

	static class UseEmbedded implements Condition {

		@Override
		public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
			return !explicitUrl(context) && !TestPostgres.dockerAvailable();
		}

	}

}
