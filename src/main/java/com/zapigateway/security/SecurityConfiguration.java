package com.zapigateway.security;

import java.nio.charset.StandardCharsets;
import java.util.Set;

import com.zapigateway.audit.AuditLog;
import com.zapigateway.shared.web.Problem;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * API-key authentication and per-tenant authorization. 401 and 403 are rendered as
 * problem+json by the same exception handler as every other error; failed authentications
 * and refused tenants are audited.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	/**
	 * The methods the gateway implements (the firewall's defaults); any other is refused
	 * before routing, with 501.
	 */
	private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

	@Bean
	SecurityFilterChain apiSecurity(HttpSecurity http, ApiKeys apiKeys, AuditLog audit,
			@Qualifier("handlerExceptionResolver") HandlerExceptionResolver exceptionResolver) throws Exception {
		AuthenticationEntryPoint entryPoint = (request, response, ex) -> {
			audit.record(AuditLog.Action.AUTHENTICATION, null, ApiKeyAuthenticationFilter.tenantOf(request), null,
					"missing-api-key");
			exceptionResolver.resolveException(request, response, null, ex);
		};
		AccessDeniedHandler deniedHandler = (request, response, ex) -> {
			Authentication auth = SecurityContextHolder.getContext().getAuthentication();
			String client = (auth != null && auth.getPrincipal() instanceof ApiClient apiClient) ? apiClient.name()
					: null;
			audit.record(AuditLog.Action.AUTHORIZATION, client, ApiKeyAuthenticationFilter.tenantOf(request), null,
					"denied");
			exceptionResolver.resolveException(request, response, null, ex);
		};
		stateless(http, "default-src 'none'; frame-ancestors 'none'")
			.addFilterBefore(new ApiKeyAuthenticationFilter(apiKeys, exceptionResolver, audit),
					AuthorizationFilter.class)
			// probes: health and its groups are open
			.authorizeHttpRequests((requests) -> requests.requestMatchers("/actuator/health", "/actuator/health/**")
				.permitAll()
				.requestMatchers("/error")
				.permitAll()
				// operator endpoints and every other actuator endpoint (metrics, env,
				// beans, loggers, ...): operators' keys only, never a tenant's caller
				// (a Prometheus scrape sends an operator's X-API-Key: http_headers)
				.requestMatchers("/api/v1/admin/**", "/actuator", "/actuator/**")
				.hasAuthority(ApiKeyAuthenticationFilter.OPERATOR)
				.requestMatchers("/api/v1/tenants/{tenantId}/**")
				.access(tenantAccess())
				.anyRequest()
				.authenticated())
			.exceptionHandling(
					(exceptions) -> exceptions.authenticationEntryPoint(entryPoint).accessDeniedHandler(deniedHandler));
		return http.build();
	}

	/**
	 * Swagger UI and the OpenAPI description: open, read-only, and with a content
	 * security policy that lets Swagger UI's own scripts and styles run (the API's
	 * {@code default-src 'none'} would leave a blank page). Nothing else is served here.
	 */
	@Bean
	@Order(Ordered.HIGHEST_PRECEDENCE)
	SecurityFilterChain apiDocsSecurity(HttpSecurity http) throws Exception {
		stateless(http.securityMatcher("/swagger-ui.html", "/swagger-ui/**", "/v3/api-docs", "/v3/api-docs/**"),
				"default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; "
						+ "connect-src 'self'; frame-ancestors 'none'")
			.authorizeHttpRequests(
					(requests) -> requests.requestMatchers(HttpMethod.GET).permitAll().anyRequest().denyAll());
		return http.build();
	}

	/**
	 * What every chain shares: no session, cookie, form, CSRF token or saved request, and
	 * headers that keep answers out of frames and referrers.
	 */
	private static HttpSecurity stateless(HttpSecurity http, String contentSecurityPolicy) throws Exception {
		return http.csrf((csrf) -> csrf.disable())
			.httpBasic((basic) -> basic.disable())
			.formLogin((form) -> form.disable())
			.logout((logout) -> logout.disable())
			.requestCache((cache) -> cache.disable())
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.headers((headers) -> headers.contentSecurityPolicy((csp) -> csp.policyDirectives(contentSecurityPolicy))
				.referrerPolicy((referrer) -> referrer.policy(ReferrerPolicy.NO_REFERRER))
				.frameOptions((frames) -> frames.deny()));
	}

	/**
	 * Spring Security's firewall with the gateway's {@link #METHODS}, so that the refusal
	 * below knows which methods it refused.
	 */
	@Bean
	StrictHttpFirewall httpFirewall() {
		StrictHttpFirewall firewall = new StrictHttpFirewall();
		firewall.setAllowedHttpMethods(METHODS);
		return firewall;
	}

	/**
	 * Answers a request the firewall refuses with a problem, not an empty body: 501
	 * {@code not-implemented} for a method the gateway does not implement (RFC 9110
	 * 15.6.2: whatever the path, since no route has it), else 400
	 * {@code request-rejected} (encoded slashes, {@code ..}, control characters, ...).
	 */
	@Bean
	RequestRejectedHandler problemRequestRejectedHandler() {
		return (request, response, ex) -> {
			Problem problem = METHODS.contains(request.getMethod()) ? Problem.REQUEST_REJECTED
					: Problem.NOT_IMPLEMENTED;
			response.setStatus(problem.status().value());
			response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
			response.setCharacterEncoding(StandardCharsets.UTF_8.name());
			response.getWriter().write(problem.json());
		};
	}

	/**
	 * No observation of Spring Security's filters. Without this, every request wraps each
	 * of the chain's filters in an observation wrapper (~4 % of a status read's
	 * allocations in a profile, see docs/benchmarks.md), even with
	 * {@code management.observations.enable.spring.security=false}, which only turns the
	 * observations into no-ops. The request itself stays observed
	 * ({@code http.server.requests}).
	 */
	@Bean
	static SecurityObservationSettings noSecurityFilterObservations() {
		return SecurityObservationSettings.noObservations();
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
