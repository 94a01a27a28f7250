package com.zapigateway.creation;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Makes a gateway process kill itself ({@code halt}, no shutdown hooks, like
 * {@code kill -9}) at the worst moment, for {@link CrashRecoveryTests}: Z-API has
 * answered a create and the transaction storing the instance has written everything but
 * not committed. The test starts the production main class, {@code GatewayApplication},
 * with a classpath entry of its own whose {@code META-INF/spring.factories} registers
 * this initializer: the process is the real gateway plus this one hook, and the test
 * classpath keeps a single main class (the one {@code ./mvnw spring-boot:test-run}
 * starts). Neither a {@code @Configuration} nor registered on the test classpath, so no
 * other test context picks it up.
 */
public final class HaltBeforeCommit implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	/** Printed just before the process halts. */
	static final String CRASHING = "CRASHING-BEFORE-COMMIT";

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		context.getBeanFactory().addBeanPostProcessor(new BeanPostProcessor() {

			@Override
			public Object postProcessAfterInitialization(Object bean, String beanName) {
				if (bean instanceof PlatformTransactionManager transactions) {
					return new HaltingTransactionManager(transactions);
				}
				return bean;
			}

		});
	}

	/**
	 * Halts instead of committing the transaction that finishes a create.
	 */
	private record HaltingTransactionManager(
			PlatformTransactionManager delegate) implements PlatformTransactionManager {

		@Override
		public TransactionStatus getTransaction(TransactionDefinition definition) throws TransactionException {
			return this.delegate.getTransaction(definition);
		}

		@Override
		public void commit(TransactionStatus status) throws TransactionException {
			if (CreationService.FINISH.equals(TransactionSynchronizationManager.getCurrentTransactionName())) {
				System.out.println(CRASHING);
				System.out.flush();
				Runtime.getRuntime().halt(137);
			}
			this.delegate.commit(status);
		}

		@Override
		public void rollback(TransactionStatus status) throws TransactionException {
			this.delegate.rollback(status);
		}

	}

}
