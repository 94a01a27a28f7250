package com.zapigateway.webhook;

import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import com.zapigateway.outbound.HostLookup;
import com.zapigateway.outbound.PolicyDnsResolver;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.config.TlsConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.io.ModalCloseable;
import org.apache.hc.core5.util.Timeout;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Posts webhook deliveries. Two Apache HttpClient 5 clients, each connecting only where
 * its {@link PolicyDnsResolver} allows, so the address a host resolves to is checked when
 * the connection is opened, whatever it resolved to at registration:
 * <ul>
 * <li>the public client, for https URLs: public unicast addresses only;</li>
 * <li>the loopback client, only with {@code gateway.webhooks.allow-http-loopback} and
 * only for plain http to exactly {@code localhost}, {@code 127.0.0.1} or {@code [::1]}:
 * loopback addresses only.</li>
 * </ul>
 * Both: no redirects (a receiver cannot send the gateway elsewhere), no retries (the
 * outbox retries), no cookies or authentication, no system proxy; the connect timeout
 * bounds connecting, the TLS handshake and waiting for a pooled connection, the read
 * timeout each wait for the answer, and the whole delivery is cancelled after both
 * together, so a receiver trickling bytes cannot hold it longer than its outbox lease.
 * Only the status line is read: the answer's body is never read, the connection is closed
 * instead.
 */
@Component
class WebhookTransport implements AutoCloseable {

	private final CloseableHttpClient publicClient;

	private final CloseableHttpClient loopbackClient;

	private final long deadlineMillis;

	private final ScheduledThreadPoolExecutor deadlines;

	/**
	 * @param properties timeouts
	 * @param lookup how host names are resolved; the system resolver unless a
	 * {@link HostLookup} bean is given (tests map names with one). Its answers are always
	 * checked.
	 */
	WebhookTransport(WebhookProperties properties, ObjectProvider<HostLookup> lookup) {
		HostLookup names = lookup.getIfAvailable(HostLookup::system);
		this.publicClient = client(properties, PolicyDnsResolver.publicAddresses(names));
		this.loopbackClient = client(properties, PolicyDnsResolver.loopbackAddresses(names));
		this.deadlineMillis = properties.deliveryDeadline().toMillis();
		this.deadlines = new ScheduledThreadPoolExecutor(1, (task) -> {
			Thread thread = new Thread(task, "webhook-deadlines");
			thread.setDaemon(true);
			return thread;
		});
		this.deadlines.setRemoveOnCancelPolicy(true);
	}

	/**
	 * Posts a JSON body.
	 * @param uri where to, already allowed by the policy
	 * @param loopback whether it is an opted-in plain http loopback URL
	 * @param headers request headers
	 * @param json the body
	 * @return the outcome
	 */
	DeliveryOutcome post(URI uri, boolean loopback, Map<String, String> headers, String json) {
		HttpPost request = new HttpPost(uri);
		headers.forEach(request::setHeader);
		request.setEntity(new StringEntity(json, ContentType.APPLICATION_JSON));
		ScheduledFuture<?> deadline = this.deadlines.schedule(request::cancel, this.deadlineMillis,
				TimeUnit.MILLISECONDS);
		CloseableHttpClient client = loopback ? this.loopbackClient : this.publicClient;
		try {
			ClassicHttpResponse response = client.executeOpen(null, request, null);
			try {
				return DeliveryOutcome.answered(response.getCode());
			}
			finally {
				closeUnread(response);
			}
		}
		catch (IOException ex) {
			return DeliveryOutcome.failed(ex, request.isCancelled());
		}
		finally {
			deadline.cancel(false);
		}
	}

	/**
	 * Closes an answer without reading its body: a graceful close would read the rest of
	 * it to reuse the connection, for as long as the receiver keeps sending.
	 */
	private static void closeUnread(ClassicHttpResponse response) throws IOException {
		if (response instanceof ModalCloseable closeable) {
			closeable.close(CloseMode.IMMEDIATE);
		}
		else {
			response.close();
		}
	}

	private static CloseableHttpClient client(WebhookProperties properties, DnsResolver resolver) {
		Timeout connectTimeout = Timeout.of(properties.connectTimeout());
		Timeout readTimeout = Timeout.of(properties.readTimeout());
		return HttpClients.custom()
			.setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
				.setDnsResolver(resolver)
				.setMaxConnTotal(8)
				.setMaxConnPerRoute(2)
				.setDefaultConnectionConfig(ConnectionConfig.custom()
					.setConnectTimeout(connectTimeout)
					.setSocketTimeout(readTimeout)
					.build())
				.setDefaultTlsConfig(TlsConfig.custom().setHandshakeTimeout(connectTimeout).build())
				.build())
			.setDefaultRequestConfig(RequestConfig.custom()
				.setConnectionRequestTimeout(connectTimeout)
				.setResponseTimeout(readTimeout)
				.build())
			.disableRedirectHandling()
			.disableAutomaticRetries()
			.disableCookieManagement()
			.disableAuthCaching()
			.disableContentCompression()
			.build();
	}

	@Override
	public void close() {
		this.deadlines.shutdownNow();
		this.publicClient.close(CloseMode.IMMEDIATE);
		this.loopbackClient.close(CloseMode.IMMEDIATE);
	}

}
