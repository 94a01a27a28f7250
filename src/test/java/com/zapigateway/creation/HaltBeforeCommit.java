package com.zapigateway.creation;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;

import java.util.function.UnaryOperator;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
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
 * <p>
 * The hook sits on the JDBC connection's {@code commit}, below whichever transaction
 * manager finishes a create.
 */
public final class HaltBeforeCommit implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	/** Printed just before the process halts. */
	static final String CRASHING = "CRASHING-BEFORE-COMMIT";

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		context.getBeanFactory().addBeanPostProcessor(new BeanPostProcessor() {

			@Override
			public Object postProcessAfterInitialization(Object bean, String beanName) {
				if (bean instanceof DataSource dataSource) {
					return proxy(DataSource.class, dataSource, (result) -> (result instanceof Connection connection)
							? proxy(Connection.class, connection, null) : result);
				}
				return bean;
			}

		});
	}

	private static <T> T proxy(Class<T> type, T target, @Nullable UnaryOperator<Object> results) {
		InvocationHandler handler = (Object proxy, Method method, Object[] args) -> {
			if (type == Connection.class && method.getName().equals("commit")
					&& CreationService.FINISH.equals(TransactionSynchronizationManager.getCurrentTransactionName())) {
				System.out.println(CRASHING);
				System.out.flush();
				Runtime.getRuntime().halt(137);
			}
			Object result;
			try {
				result = method.invoke(target, args);
			}
			catch (InvocationTargetException ex) {
				throw ex.getTargetException();
			}
			return (results != null) ? results.apply(result) : result;
		};
		return type
			.cast(Proxy.newProxyInstance(HaltBeforeCommit.class.getClassLoader(), new Class<?>[] { type }, handler));
	}

}
