package com.zapigateway.connection;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Every answer of the connection routes, problems included, carries
 * {@code Cache-Control: no-store}: QR codes and phone codes are one-time secrets and a
 * connection state is stale at once. Set before the handler runs (before its parameters
 * are validated), so that every answer the exception handlers write keeps it; answers
 * refused before a handler is chosen carry Spring Security's default, which includes
 * {@code no-store}.
 */
@Configuration(proxyBeanMethods = false)
class ConnectionWebConfiguration implements WebMvcConfigurer {

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(new NoStore())
			.addPathPatterns("/api/v1/tenants/*/instances/*/connection", "/api/v1/tenants/*/instances/*/connection/**");
	}

	private static final class NoStore implements HandlerInterceptor {

		@Override
		public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
			response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
			return true;
		}

	}

}
