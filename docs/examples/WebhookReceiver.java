import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A webhook receiver for the gateway's expiry alerts, to run beside a local gateway:
 *
 * <pre>
 * java docs/examples/WebhookReceiver.java PORT SECRET [EVENTS]
 * </pre>
 *
 * It listens on 127.0.0.1:PORT, checks each delivery's {@code X-Webhook-Signature}
 * ({@code t=<unix seconds>,v1=<hex HMAC-SHA256(SECRET, t + "." + body)>}) in constant time,
 * refuses a signature older than five minutes (a replay) with 401, and prints each
 * verified event's JSON body on one line, once per {@code X-Webhook-Id} (deliveries are at
 * least once). With EVENTS, it exits after that many verified events, or with status 1 if
 * they have not arrived within three minutes. Needs only a JDK (17+): no build, no
 * dependencies.
 */
public final class WebhookReceiver {

	private static final Duration TOLERANCE = Duration.ofMinutes(5);

	private static final Duration WAIT = Duration.ofMinutes(3);

	public static void main(String[] args) throws Exception {
		if (args.length < 2) {
			System.err.println("usage: java docs/examples/WebhookReceiver.java PORT SECRET [EVENTS]");
			System.exit(2);
		}
		int port = Integer.parseInt(args[0]);
		byte[] secret = args[1].getBytes(StandardCharsets.UTF_8);
		int wanted = (args.length > 2) ? Integer.parseInt(args[2]) : Integer.MAX_VALUE;
		CountDownLatch verified = new CountDownLatch(wanted);
		Set<String> seen = ConcurrentHashMap.newKeySet();
		HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
		server.createContext("/", (exchange) -> {
			try (exchange) {
				byte[] body = exchange.getRequestBody().readAllBytes();
				String signature = exchange.getRequestHeaders().getFirst("X-Webhook-Signature");
				String id = exchange.getRequestHeaders().getFirst("X-Webhook-Id");
				if (!"POST".equals(exchange.getRequestMethod()) || !valid(signature, body, secret)) {
					System.err.println("refused a delivery: bad or old signature");
					answer(exchange, 401);
					return;
				}
				answer(exchange, 204);
				if (id != null && seen.add(id)) {
					System.err.println("verified " + exchange.getRequestHeaders().getFirst("X-Webhook-Event") + " (id "
							+ id + ", attempt " + exchange.getRequestHeaders().getFirst("X-Webhook-Attempt") + ")");
					System.out.println(new String(body, StandardCharsets.UTF_8));
					System.out.flush();
					verified.countDown();
				}
			}
		});
		server.start();
		System.err.println("listening on http://127.0.0.1:" + port + "/ for signed webhook events");
		if (wanted == Integer.MAX_VALUE) {
			return;
		}
		boolean done = verified.await(WAIT.toSeconds(), TimeUnit.SECONDS);
		server.stop(1);
		if (!done) {
			System.err.println("no verified event within " + WAIT.toSeconds() + " s");
			System.exit(1);
		}
	}

	private static boolean valid(String header, byte[] body, byte[] secret) {
		if (header == null) {
			return false;
		}
		String timestamp = null;
		String v1 = null;
		for (String part : header.split(",")) {
			if (part.startsWith("t=")) {
				timestamp = part.substring(2);
			}
			else if (part.startsWith("v1=")) {
				v1 = part.substring(3);
			}
		}
		if (timestamp == null || v1 == null) {
			return false;
		}
		try {
			Instant signedAt = Instant.ofEpochSecond(Long.parseLong(timestamp));
			if (Duration.between(signedAt, Instant.now()).abs().compareTo(TOLERANCE) > 0) {
				return false;
			}
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret, "HmacSHA256"));
			mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
			byte[] expected = mac.doFinal(body);
			return MessageDigest.isEqual(expected, HexFormat.of().parseHex(v1));
		}
		catch (IllegalArgumentException | GeneralSecurityException ex) {
			// a malformed timestamp or hex digest, or no HmacSHA256
			return false;
		}
	}

	private static void answer(HttpExchange exchange, int status) throws IOException {
		exchange.sendResponseHeaders(status, -1);
	}

}
