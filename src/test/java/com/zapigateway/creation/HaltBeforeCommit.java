package com.zapigateway.creation;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Makes a gateway process kill itself ({@code halt}, no shutdown hooks, like
 * {@code kill -9}) at the worst moment, for {@link CrashRecoveryTests}: Z-API has
 * answered a create and the statement storing the instance has not run. The test starts
 * the production main class, {@code GatewayApplication}, with a classpath entry of its
 * own whose {@code META-INF/spring.factories} registers this initializer: the process is
 * the real gateway plus this one hook, and the test classpath keeps a single main class
 * (the one {@code ./mvnw spring-boot:test-run} starts). Neither a {@code @Configuration}
 * nor registered on the test classpath, so no other test context picks it up.
 */
public final class HaltBeforeCommit implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	/** Printed just before the process halts. */
	static final String CRASHING = "CRASHING-BEFORE-COMMIT";

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		context.getBeanFactory().addBeanPostProcessor(new BeanPostProcessor() {

			@Override
			public Object postProcessAfterInitialization(Object bean, String beanName) {
				if (bean instanceof InstanceRecorder) {
					return (InstanceRecorder) (instance) -> {
						System.out.println(CRASHING + " " + instance.zapiId());
						System.out.flush();
						Runtime.getRuntime().halt(137);
						return null;
					};
				}
				return bean;
			}

		});
	}

}
