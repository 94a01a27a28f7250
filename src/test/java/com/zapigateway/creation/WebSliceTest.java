package com.zapigateway.creation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import com.zapigateway.instance.Instances;
import com.zapigateway.security.SecurityTestConfiguration;
import com.zapigateway.shared.web.WebTestConfiguration;

import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

/**
 * The web slice of the instance routes (the create's {@code CreationController} and
 * {@code InstanceController}) with their services mocked: every class so annotated shares
 * one Spring context. The other controllers are left out rather than given mocks of their
 * own. Declared here because the create's service is package-private; annotation values
 * need no access where the annotation is used.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@WebMvcTest(excludeFilters = @ComponentScan.Filter(type = FilterType.REGEX,
		pattern = "com\\.zapigateway\\.(instance\\.(Summary|TokenReencryption)|subscription\\.Subscription|connection\\.Connection|webhook\\.Webhook|sync\\.UntrackedInstances|shared\\.web\\.ProblemError)Controller"))
@MockitoBean(types = { Instances.class, CreationService.class })
@Import({ SecurityTestConfiguration.class, WebTestConfiguration.class })
@ActiveProfiles("test")
public @interface WebSliceTest {

}
