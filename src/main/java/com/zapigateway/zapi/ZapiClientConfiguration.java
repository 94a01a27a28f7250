package com.zapigateway.zapi;

import java.io.IOException;
import java.net.URI;

import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.config.TlsConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.pool.PoolConcurrencyPolicy;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.http.client.HttpComponentsClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/**
 * The {@link RestClient} that talks to Z-API: Apache HttpClient 5 (classic, blocking
 * I/O), explicit timeouts, the partner token as a default header, the account's
 * Client-Token on calls to an instance when one is configured, and a logging interceptor
 * that logs only redacted URLs (Z-API puts instance ids and tokens in URL paths) and
 * never a header or body.
 * <p>
 * Why this client: each call runs entirely on the calling (virtual) thread, which blocks
 * on the socket and is unmounted meanwhile, so a thousand slow Z-API calls in flight cost
 * a thousand idle virtual threads and pooled connections, with no hand-off between a
 * selector thread and executors per call (the JDK client's design, which measured about
 * three times the CPU per call, see docs/benchmarks.md). The pool holds up to
 * {@code zapi.max-connections}; idle connections are checked before reuse and closed
 * after 30 s. No request is ever retried or redirected by the client: a create must not
 * be sent twice behind the gateway's back.
 * <p>
 * The read timeout is the longest wait for the next bytes of Z-API's answer (socket
 * timeout), as in most HTTP clients; a connection that cannot be leased from the pool
 * within the connect timeout counts as Z-API unreachable (nothing was sent).
 * <p>
 * Built from Boot's auto-configured {@link RestClient.Builder}, never
 * {@code RestClient.builder()}: that builder carries the observation registry, so every
 * call is an {@code http.client.requests} observation (a span, a timer) and carries the
 * current trace to Z-API as a W3C {@code traceparent} header. Z-API's documentation says
 * nothing of trace headers: assumed ignored, as any header it does not know.
 */
@Configuration(proxyBeanMethods = false)
class ZapiClientConfiguration {

	private static final Logger log = LoggerFactory.getLogger(ZapiClient.class);

	/**
	 * Apache HttpClient's loggers: at DEBUG they write request lines (Z-API URLs carry
	 * instance tokens), headers (the partner token) and wire bytes verbatim.
	 */
	static final String APACHE_HTTP_CLIENT_LOG = "org.apache.hc.client5.http";

	static final String CLIENT_TOKEN_HEADER = "Client-Token";

	@Bean(destroyMethod = "close")
	CloseableHttpClient zapiHttpClient(ZapiProperties properties) {
		return httpClient(properties, LoggerFactory.getLogger(APACHE_HTTP_CLIENT_LOG).isDebugEnabled());
	}

	@Bean
	RestClient zapiRestClient(RestClient.Builder builder, ZapiProperties properties,
			CloseableHttpClient zapiHttpClient) {
		return builder.requestFactory(new HttpComponentsClientHttpRequestFactory(zapiHttpClient))
			.requestInterceptor(ZapiClientConfiguration::logRedacted)
			.requestInterceptor(clientToken(properties.clientToken()))
			.baseUrl(properties.baseUrl().toString())
			.defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + properties.partnerToken())
			.build();
	}

	static CloseableHttpClient httpClient(ZapiProperties properties, boolean clientDebugLogging) {
		if (clientDebugLogging) {
			throw new IllegalStateException("logging.level." + APACHE_HTTP_CLIENT_LOG
					+ " at DEBUG or TRACE would log Z-API's partner token, Client-Token and instance tokens verbatim;"
					+ " keep it at INFO or above");
		}
		Timeout connectTimeout = Timeout.of(properties.connectTimeout());
		Timeout readTimeout = Timeout.of(properties.readTimeout());
		PoolingHttpClientConnectionManager connections = PoolingHttpClientConnectionManagerBuilder.create()
			.setMaxConnTotal(properties.maxConnections())
			.setMaxConnPerRoute(properties.maxConnections())
			.setPoolConcurrencyPolicy(PoolConcurrencyPolicy.LAX)
			.setDefaultConnectionConfig(ConnectionConfig.custom()
				.setConnectTimeout(connectTimeout)
				.setSocketTimeout(readTimeout)
				.setValidateAfterInactivity(TimeValue.ofSeconds(2))
				.build())
			.setDefaultTlsConfig(TlsConfig.custom().setHandshakeTimeout(connectTimeout).build())
			.build();
		return HttpClients.custom()
			.setConnectionManager(connections)
			.setDefaultRequestConfig(RequestConfig.custom()
				.setConnectionRequestTimeout(connectTimeout)
				.setResponseTimeout(readTimeout)
				.build())
			.disableAutomaticRetries()
			.disableRedirectHandling()
			.disableCookieManagement()
			.disableAuthCaching()
			.evictIdleConnections(TimeValue.ofSeconds(30))
			.build();
	}

	/**
	 * Z-API asks for the account's Client-Token on the calls to an instance (their URL
	 * carries the instance token: {@code /instances/{id}/token/{token}/...}), not on the
	 * partner calls (create, list), which the partner token authorizes.
	 * @param clientToken the Client-Token, or {@code null} when none is configured
	 * @return the interceptor that adds it
	 */
	static ClientHttpRequestInterceptor clientToken(@Nullable String clientToken) {
		return (request, body, execution) -> {
			if (clientToken != null && carriesInstanceToken(request.getURI())) {
				request.getHeaders().set(CLIENT_TOKEN_HEADER, clientToken);
			}
			return execution.execute(request, body);
		};
	}

	static boolean carriesInstanceToken(URI uri) {
		String[] segments = String.valueOf(uri.getRawPath()).split("/");
		for (int i = 1; i + 1 < segments.length; i++) {
			if (segments[i].equals("token") && segments[i - 1].length() > 0 && !segments[i + 1].isEmpty()) {
				return true;
			}
		}
		return false;
	}

	private static ClientHttpResponse logRedacted(HttpRequest request, byte[] body,
			ClientHttpRequestExecution execution) throws IOException {
		if (!log.isDebugEnabled()) {
			return execution.execute(request, body);
		}
		long start = System.nanoTime();
		String target = request.getMethod() + " " + ZapiUris.redact(request.getURI());
		try {
			ClientHttpResponse response = execution.execute(request, body);
			log.debug("Z-API {} -> {} in {} ms", target, response.getStatusCode().value(),
					(System.nanoTime() - start) / 1_000_000);
			return response;
		}
		catch (IOException ex) {
			log.debug("Z-API {} -> {} after {} ms", target, ex.getClass().getSimpleName(),
					(System.nanoTime() - start) / 1_000_000);
			throw ex;
		}
	}

}
