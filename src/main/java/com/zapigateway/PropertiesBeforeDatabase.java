package com.zapigateway;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Refuses settings given under a name that changed ({@link RenamedProperties}), then
 * binds and validates every {@code @ConfigurationProperties} bean of the application's
 * own packages before any {@link DataSource} is created, by making each data source
 * depend on them.
 * <p>
 * Spring creates a properties bean when its first user is created. Flyway uses none of
 * the gateway's, so left to itself a missing partner token ({@code zapi.partner-token})
 * or client list ({@code gateway.clients}) would be reported only after Flyway had
 * migrated the database: a new version started with a setting missing would move a shared
 * schema ahead of the replicas still running, and a fresh database would be migrated by
 * an instance that can never serve. With this, whatever is missing or malformed (these,
 * the encryption keys, any limit) is reported first, before a connection is opened.
 * <p>
 * The data source, not Flyway: everything that touches the database (Flyway, JPA,
 * ShedLock, JdbcClient) goes through it, so this holds for whichever of them comes first.
 * All properties classes, not a list: one added later is covered without anyone
 * remembering to add it here. Renamed settings are refused here, before any bean is
 * created, as no properties class binds them.
 */
@Component
final class PropertiesBeforeDatabase implements BeanFactoryPostProcessor, EnvironmentAware {

	private @Nullable Environment environment;

	@Override
	public void setEnvironment(Environment environment) {
		this.environment = environment;
	}

	@Override
	public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
		if (this.environment != null) {
			RenamedProperties.refuse(this.environment);
		}
		if (!AutoConfigurationPackages.has(beanFactory)) {
			return;
		}
		List<String> packages = AutoConfigurationPackages.get(beanFactory);
		List<String> properties = new ArrayList<>();
		for (String name : beanFactory.getBeanDefinitionNames()) {
			Class<?> type = beanFactory.getType(name, false);
			if (type != null && ownPackage(type, packages)
					&& MergedAnnotations.from(type).isPresent(ConfigurationProperties.class)) {
				properties.add(name);
			}
		}
		if (properties.isEmpty()) {
			return;
		}
		for (String name : beanFactory.getBeanNamesForType(DataSource.class, true, false)) {
			BeanDefinition dataSource = beanFactory.getBeanDefinition(name);
			Set<String> dependsOn = new LinkedHashSet<>();
			if (dataSource.getDependsOn() != null) {
				dependsOn.addAll(List.of(dataSource.getDependsOn()));
			}
			dependsOn.addAll(properties);
			dataSource.setDependsOn(dependsOn.toArray(String[]::new));
		}
	}

	private static boolean ownPackage(Class<?> type, List<String> packages) {
		String name = type.getPackageName();
		return packages.stream().anyMatch((root) -> name.equals(root) || name.startsWith(root + "."));
	}

}
