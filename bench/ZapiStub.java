// A tiny stand-in for Z-API's partner create endpoint, for the benchmarks only.
// Run: java bench/ZapiStub.java <port|0> <delay-ms> <partner-token>
// Prints "ZAPI_STUB_PORT=<port>" once listening on 127.0.0.1. Every answer waits <delay-ms>
// (a virtual thread per request, so 1,000 concurrent slow answers cost nothing) and then
// answers like Z-API's on-demand create: 200 {"id","token","due"(epoch ms)}.
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

public class ZapiStub {

	static final AtomicLong creates = new AtomicLong();

	public static void main(String[] args) throws Exception {
		int port = Integer.parseInt(args[0]);
		long delayMs = Long.parseLong(args[1]);
		String expectedAuth = "Bearer " + args[2];
		// The JDK server keeps at most 200 idle keep-alive connections by default and closes the
		// rest, which a client with 1,000 pooled connections sees as I/O errors on reuse.
		System.setProperty("sun.net.httpserver.maxIdleConnections", "10000");
		HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 4096);
		server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
		server.createContext("/instances/integrator/on-demand", (exchange) -> handle(exchange, delayMs, expectedAuth));
		server.createContext("/stats", (exchange) -> send(exchange, 200, "{\"creates\":" + creates.get() + "}"));
		server.start();
		System.out.println("ZAPI_STUB_PORT=" + server.getAddress().getPort());
		System.out.flush();
		Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop(0)));
		Thread.currentThread().join();
	}

	static void handle(HttpExchange exchange, long delayMs, String expectedAuth) throws IOException {
		try (exchange) {
			byte[] body = exchange.getRequestBody().readAllBytes();
			if (delayMs > 0) {
				Thread.sleep(delayMs);
			}
			if (!"POST".equals(exchange.getRequestMethod())) {
				send(exchange, 405, "{\"error\":\"Method not allowed\"}");
				return;
			}
			if (!expectedAuth.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
				send(exchange, 401, "{\"error\":\"Invalid partner token\"}");
				return;
			}
			if (body.length == 0) {
				send(exchange, 400, "{\"error\":\"name is required\"}");
				return;
			}
			byte[] id = new byte[16];
			byte[] token = new byte[22];
			ThreadLocalRandom.current().nextBytes(id);
			ThreadLocalRandom.current().nextBytes(token);
			long due = System.currentTimeMillis() + 2L * 24 * 3600 * 1000;
			creates.incrementAndGet();
			send(exchange, 200, "{\"id\":\"" + HexFormat.of().withUpperCase().formatHex(id) + "\",\"token\":\""
					+ HexFormat.of().withUpperCase().formatHex(token) + "\",\"due\":" + due + "}");
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	static void send(HttpExchange exchange, int status, String json) throws IOException {
		byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

}
