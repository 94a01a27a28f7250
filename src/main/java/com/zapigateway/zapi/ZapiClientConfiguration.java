package com.zapigateway.zapi;

import java.io.IOException;
import java.net.http.HttpClient;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.thread.Threading;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/**
 * The {@link RestClient} that talks to Z-API: JDK HTTP client, explicit timeouts, the
 * partner token as a default header, and a logging interceptor that logs only redacted
 * URLs (Z-API puts instance ids and tokens in URL paths) and never a header or body.
 * <p>
 * The HTTP client gets an explicit executor: without one, Spring's request factory writes
 * every request body from a brand-new platform thread and the JDK client runs its
 * dependent tasks on its own cached platform-thread pool. With virtual threads enabled
 * both run on virtual threads, so a thousand slow Z-API calls in flight cost no platform
 * threads. HTTP/1.1 connections are pooled and reused by the JDK client with no upper
 * bound (one per concurrent call), so the pool never caps concurrency.
 */
@Configuration(proxyBeanMethods = false)
class ZapiClientConfiguration {

	private static final Logger log = LoggerFactory.getLogger(ZapiClient.class);

	/**
	 * The JDK HTTP client's own logging, which writes request URLs and headers (the
	 * partner token, instance tokens) verbatim.
	 */
	static final String JDK_HTTP_CLIENT_LOG = "jdk.httpclient.HttpClient.log";

	@Bean
	RestClient zapiRestClient(RestClient.Builder builder, ZapiProperties properties, Environment environment) {
		refuseJdkHttpClientLogging(System.getProperty(JDK_HTTP_CLIENT_LOG));
		SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor("zapi-http-");
		executor.setVirtualThreads(Threading.VIRTUAL.isActive(environment));
		HttpClient httpClient = HttpClient.newBuilder()
			.connectTimeout(properties.connectTimeout())
			.executor(executor)
			// HTTP/2 over TLS (ALPN); plain HTTP stays on 1.1 rather than attempting h2c
			.version("https".equalsIgnoreCase(properties.baseUrl().getScheme()) ? HttpClient.Version.HTTP_2
					: HttpClient.Version.HTTP_1_1)
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
		JdkClientHttpRequestFactory requestFactory = new JdkClientHttpRequestFactory(httpClient);
		requestFactory.setReadTimeout(properties.readTimeout());
		return builder.requestFactory(requestFactory)
			.requestInterceptor(ZapiClientConfiguration::logRedacted)
			.baseUrl(properties.baseUrl().toString())
			.defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + properties.partnerToken())
			.build();
	}

	static void refuseJdkHttpClientLogging(@Nullable String setting) {
		if (setting != null && !setting.isBlank() && !setting.strip().equalsIgnoreCase("errors")) {
			throw new IllegalStateException("-D" + JDK_HTTP_CLIENT_LOG + "=" + setting
					+ " would log Z-API's partner token and instance tokens verbatim; unset it (or use 'errors')");
		}
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
