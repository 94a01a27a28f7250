package com.zapigateway.zapi;

import java.net.http.HttpClient;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/**
 * The {@link RestClient} that talks to Z-API: JDK HTTP client, explicit timeouts, the
 * partner token as a default header. No logging interceptor: Z-API puts instance tokens
 * in URL paths.
 */
@Configuration(proxyBeanMethods = false)
class ZapiClientConfiguration {

	@Bean
	RestClient zapiRestClient(RestClient.Builder builder, ZapiProperties properties) {
		HttpClient httpClient = HttpClient.newBuilder()
			.connectTimeout(properties.connectTimeout())
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
