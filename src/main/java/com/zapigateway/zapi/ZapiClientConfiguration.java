package com.zapigateway.zapi;

import java.net.http.HttpClient;

import org.springframework.boot.thread.Threading;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.http.HttpHeaders;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/**
 * The {@link RestClient} that talks to Z-API: JDK HTTP client, explicit timeouts, the
 * partner token as a default header. No logging interceptor: Z-API puts instance tokens
 * in URL paths.
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

	@Bean
	RestClient zapiRestClient(RestClient.Builder builder, ZapiProperties properties, Environment environment) {
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
			.baseUrl(properties.baseUrl().toString())
			.defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + properties.partnerToken())
			.build();
	}

}
