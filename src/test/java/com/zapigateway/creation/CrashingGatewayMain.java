package com.zapigateway.creation;

import com.zapigateway.GatewayApplication;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * The gateway as a separate process for {@link CrashRecoveryTests}. With
 * {@code -Dcrash.before-commit=true} the process kills itself ({@code halt}, no shutdown
 * hooks, like {@code kill -9}) at the worst moment: Z-API has answered a create and the
 * transaction storing the instance has not committed. Registered programmatically, not as
 * a {@code @Configuration}, so no other test context ever picks it up.
 */
public final class CrashingGatewayMain {

	/** Printed just before the process halts. */
	static final String CRASHING = "CRASHING-BEFORE-COMMIT";

	private CrashingGatewayMain() {
	}

	public static void main(String[] args) {
		boolean crash = Boolean.getBoolean("crash.before-commit");
		new SpringApplicationBuilder(GatewayApplication.class).initializers((context) -> {
			if (crash) {
				context.getBeanFactory().addBeanPostProcessor(new HaltBeforeCommit());
			}
		}).run(args);
	}

	private static final class HaltBeforeCommit implements BeanPostProcessor {

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

	}

}
