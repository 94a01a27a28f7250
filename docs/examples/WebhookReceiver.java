import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
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
 * It listens on 127.0.0.1:PORT and verifies each delivery as the Standard Webhooks
 * specification (https://www.standardwebhooks.com/) says, which its libraries (for Java,
 * Python, JavaScript, Go, ...) do the same way: the key is the base64 after the secret's
 * {@code whsec_} prefix; the signed content is {@code webhook-id + "." + webhook-timestamp
 * + "." + body}; {@code webhook-signature} holds one or more space-separated
 * {@code v1,<base64 HMAC-SHA256>}, one of which must match (compared in constant time); a
 * timestamp more than five minutes away is refused (a replay). A delivery that fails
 * gets 401. It prints each verified event's JSON body on one line, once per
 * {@code webhook-id} (deliveries are at least once). With EVENTS, it exits after that many
 * verified events, or with status 1 if they have not arrived within three minutes. Needs
 * only a JDK (17+): no build, no dependencies.
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
		byte[] key = key(args[1]);
		int wanted = (args.length > 2) ? Integer.parseInt(args[2]) : Integer.MAX_VALUE;
		CountDownLatch verified = new CountDownLatch(wanted);
		Set<String> seen = ConcurrentHashMap.newKeySet();
		HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
		server.createContext("/", (exchange) -> {
			try (exchange) {
				byte[] body = exchange.getRequestBody().readAllBytes();
				String id = exchange.getRequestHeaders().getFirst("webhook-id");
				String timestamp = exchange.getRequestHeaders().getFirst("webhook-timestamp");
				String signatures = exchange.getRequestHeaders().getFirst("webhook-signature");
				if (!"POST".equals(exchange.getRequestMethod()) || !valid(id, timestamp, signatures, body, key)) {
					System.err.println("refused a delivery: bad or old signature");
					answer(exchange, 401);
					return;
				}
				answer(exchange, 204);
				if (seen.add(id)) {
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

	/** The HMAC key: the secret's base64 after {@code whsec_}. */
	private static byte[] key(String secret) {
		String prefix = "whsec_";
		return Base64.getDecoder().decode(secret.startsWith(prefix) ? secret.substring(prefix.length()) : secret);
	}

	private static boolean valid(String id, String timestamp, String signatures, byte[] body, byte[] key) {
		if (id == null || timestamp == null || signatures == null) {
			return false;
		}
		try {
			Instant signedAt = Instant.ofEpochSecond(Long.parseLong(timestamp));
			if (Duration.between(signedAt, Instant.now()).abs().compareTo(TOLERANCE) > 0) {
				return false;
			}
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(key, "HmacSHA256"));
			mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
			byte[] expected = mac.doFinal(body);
			boolean match = false;
			for (String signature : signatures.split(" ")) {
				// v1 is the only version the specification defines; others are skipped
				if (signature.startsWith("v1,")) {
					match |= MessageDigest.isEqual(expected, base64(signature.substring(3)));
				}
			}
			return match;
		}
		catch (IllegalArgumentException | GeneralSecurityException ex) {
			// a malformed timestamp, or no HmacSHA256
			return false;
		}
	}

	/** A malformed signature matches nothing (another one beside it still may). */
	private static byte[] base64(String text) {
		try {
			return Base64.getDecoder().decode(text);
		}
		catch (IllegalArgumentException ex) {
			return new byte[0];
		}
	}

	private static void answer(HttpExchange exchange, int status) throws IOException {
		exchange.sendResponseHeaders(status, -1);
	}

}
