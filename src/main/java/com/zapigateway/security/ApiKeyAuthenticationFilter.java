package com.zapigateway.security;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.zapigateway.audit.AuditLog;
import com.zapigateway.shared.web.ProblemFilter;
import com.zapigateway.shared.web.TenantId;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * Authenticates a request by its {@code X-API-Key} header. A request without the header
 * goes on unauthenticated (and is refused by authorization); a wrong key is refused here,
 * and so is any request carrying a key-like query parameter, valid key or not.
 */
class ApiKeyAuthenticationFilter extends ProblemFilter {

	static final String HEADER = "X-API-Key";

	static final String OPERATOR = "OPERATOR";

	/**
	 * Query parameter names (lower case, without '-' and '_') refused as keys in URLs.
	 */
	private static final Set<String> KEY_PARAMETERS = Set.of("apikey", "xapikey", "key", "accesstoken", "token",
			"authorization");

	private static final Pattern TENANT_IN_PATH = Pattern.compile("^/api/v1/tenants/(" + TenantId.PATTERN + ")(/|$)");

	private static final List<GrantedAuthority> OPERATOR_AUTHORITIES = AuthorityUtils.createAuthorityList(OPERATOR);

	private final SecurityContextHolderStrategy contextHolder = SecurityContextHolder.getContextHolderStrategy();

	private final ApiKeys apiKeys;

	private final AuditLog audit;

	ApiKeyAuthenticationFilter(ApiKeys apiKeys, HandlerExceptionResolver exceptionResolver, AuditLog audit) {
		super(exceptionResolver);
		this.apiKeys = apiKeys;
		this.audit = audit;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String keyParameter = keyParameter(request.getQueryString());
		if (keyParameter != null) {
			this.audit.record(AuditLog.Action.AUTHENTICATION, null, tenantOf(request), null, "api-key-in-url");
			refuse(request, response, new ApiKeyInUrlException(keyParameter));
			return;
		}
		String key = request.getHeader(HEADER);
		if (key == null) {
			chain.doFilter(request, response);
			return;
		}
		Optional<ApiKeys.Authenticated> authenticated = this.apiKeys.authenticate(key);
		if (authenticated.isEmpty()) {
			this.audit.record(AuditLog.Action.AUTHENTICATION, null, tenantOf(request), null, "invalid-api-key");
			refuse(request, response, new BadCredentialsException("Invalid API key"));
			return;
		}
		SecurityContext context = this.contextHolder.createEmptyContext();
		context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(authenticated.get().client(), null,
				authenticated.get().operator() ? OPERATOR_AUTHORITIES : AuthorityUtils.NO_AUTHORITIES));
		this.contextHolder.setContext(context);
		chain.doFilter(request, response);
	}

	/**
	 * The tenant a request's path names, if it is a well-formed tenant id (so that an
	 * audit record never carries attacker-chosen characters).
	 * @param request the request
	 * @return the tenant id or {@code null}
	 */
	static @Nullable String tenantOf(HttpServletRequest request) {
		Matcher matcher = TENANT_IN_PATH.matcher(request.getRequestURI());
		return matcher.find() ? matcher.group(1) : null;
	}

	private static @Nullable String keyParameter(@Nullable String query) {
		if (query == null || query.isEmpty()) {
			return null;
		}
		for (String pair : query.split("&")) {
			int eq = pair.indexOf('=');
			String rawName = (eq >= 0) ? pair.substring(0, eq) : pair;
			String name;
			try {
				name = URLDecoder.decode(rawName, StandardCharsets.UTF_8);
			}
			catch (IllegalArgumentException ex) {
				continue;
			}
			String normalized = name.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
			if (KEY_PARAMETERS.contains(normalized)) {
				return name;
			}
		}
		return null;
	}

}
