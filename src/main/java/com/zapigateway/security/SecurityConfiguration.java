package com.zapigateway.security;

import com.zapigateway.audit.AuditLog;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * API-key authentication and per-tenant authorization. 401 and 403 are rendered as
 * problem+json by the same exception handler as every other error.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	@Bean
	SecurityFilterChain apiSecurity(HttpSecurity http, ApiKeys apiKeys, AuditLog audit,
			@Qualifier("handlerExceptionResolver") HandlerExceptionResolver exceptionResolver) throws Exception {
		AuthenticationEntryPoint entryPoint = (request, response, ex) -> exceptionResolver.resolveException(request,
				response, null, ex);
		AccessDeniedHandler deniedHandler = (request, response, ex) -> exceptionResolver.resolveException(request,
				response, null, ex);
		http.csrf((csrf) -> csrf.disable())
			.httpBasic((basic) -> basic.disable())
			.formLogin((form) -> form.disable())
			.logout((logout) -> logout.disable())
			.requestCache((cache) -> cache.disable())
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.addFilterBefore(new ApiKeyAuthenticationFilter(apiKeys, entryPoint, audit), AuthorizationFilter.class)
			.authorizeHttpRequests((requests) -> requests.requestMatchers("/actuator/health", "/actuator/health/**")
				.permitAll()
				// metrics carry no tenant data or secret; the API description is public
				.requestMatchers("/actuator/prometheus", "/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html",
						"/swagger-ui/**")
				.permitAll()
				.requestMatchers("/error")
				.permitAll()
				.requestMatchers("/api/v1/tenants/{tenantId}/**")
				.access(tenantAccess())
				.anyRequest()
				.authenticated())
			.exceptionHandling(
					(exceptions) -> exceptions.authenticationEntryPoint(entryPoint).accessDeniedHandler(deniedHandler));
		return http.build();
	}

	/**
	 * Grants a request under {@code /api/v1/tenants/{tenantId}} only to a client bound to
	 * that tenant (or to all).
	 */
	private static AuthorizationManager<RequestAuthorizationContext> tenantAccess() {
		return (authentication, context) -> {
			Authentication auth = authentication.get();
			String tenantId = context.getVariables().get("tenantId");
			boolean granted = auth != null && auth.getPrincipal() instanceof ApiClient client && tenantId != null
					&& client.mayActFor(tenantId);
			return new AuthorizationDecision(granted);
		};
	}

}
