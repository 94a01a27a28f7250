package com.zapigateway.connection;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import com.zapigateway.zapi.ZapiQrCode;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * The QR code flow of each instance, paced as Z-API asks (it invalidates a code every 20
 * s, asks callers to poll every 10 to 20 s and to stop after 3 codes nobody scanned), so
 * that a frontend polling in a loop cannot hammer Z-API: a request within
 * {@code gateway.connection.qr-code-interval} of the last code gets that code again
 * without calling Z-API; after {@code max-qr-codes} codes without a phone connecting the
 * flow is spent (429 {@code qr-code-limit}) until the caller starts a new one
 * ({@code ?restart=true}), a phone connects, or the flow lapses ({@code qr-flow-expiry}
 * after its last code).
 * <p>
 * The flows live in memory, per replica: bounded to {@code max-qr-flows} instances (the
 * least recently used forgotten first) and each forgotten once it lapsed. A caller whose
 * requests are spread over several replicas gets up to that many codes per replica, and a
 * restarted replica starts every flow anew: a pacing, not an exact quota. Requests about
 * the same instance on one replica take turns, so concurrent pollers share one Z-API
 * call. With N replicas, a poller spread over all of them may reach N codes per interval
 * and N times {@code max-qr-codes} per flow; where that matters, route one instance's QR
 * polling to one replica (the pacing stays in memory: a shared store would add a database
 * round trip to every poll, and Z-API's own limit stays the real bound).
 */
@Component
class QrCodeFlows {

	private final Duration interval;

	private final int maxCodes;

	private final Duration expiry;

	private final Clock clock;

	/** Access-ordered: the eldest is the least recently used. Guarded by itself. */
	private final Map<String, Flow> flows;

	QrCodeFlows(ConnectionProperties properties, Clock clock) {
		this.interval = properties.qrCodeInterval();
		this.maxCodes = properties.maxQrCodes();
		this.expiry = properties.qrFlowExpiry();
		this.clock = clock;
		int maxFlows = properties.maxQrFlows();
		this.flows = new LinkedHashMap<>(16, 0.75f, true) {

			@Override
			protected boolean removeEldestEntry(Map.Entry<String, Flow> eldest) {
				return size() > maxFlows;
			}

		};
	}

	/**
	 * The next QR code of an instance's flow: the last one again within the interval,
	 * none once the flow is spent, else a new one from Z-API. A failed call to Z-API
	 * leaves the flow as it was. A restart forgets how many codes were served but not the
	 * last one: within the interval it is answered again, so a caller that restarts on
	 * every request is paced like any other.
	 * @param zapiId the instance
	 * @param restart start a new flow (forget how many codes were served)
	 * @param zapi asks Z-API for a code
	 * @return what to answer
	 */
	Outcome next(String zapiId, boolean restart, Supplier<ZapiQrCode> zapi) {
		Flow flow = flow(zapiId);
		flow.lock.lock();
		try {
			if (restart) {
				flow.served = 0;
			}
			Instant now = this.clock.instant();
			if (flow.lastPng != null && flow.lastAt != null && now.isBefore(flow.lastAt.plus(this.interval))) {
				return new Outcome.Code(flow.lastPng, true);
			}
			if (flow.served >= this.maxCodes && flow.lastAt != null) {
				long retryAfter = Duration.between(now, flow.lastAt.plus(this.expiry)).toSeconds();
				return new Outcome.Spent(flow.served, retryAfter);
			}
			ZapiQrCode code = zapi.get();
			if (code.alreadyConnected()) {
				forget(zapiId);
				return new Outcome.Connected();
			}
			flow.served++;
			flow.lastPng = code.png();
			// the code's age counts from when Z-API gave it
			flow.lastAt = this.clock.instant();
			return new Outcome.Code(code.png(), false);
		}
		finally {
			flow.lock.unlock();
		}
	}

	/**
	 * Forgets an instance's flow: a phone connected, or the session was restarted or
	 * disconnected (the next QR code request starts a new flow).
	 * @param zapiId the instance
	 */
	void forget(String zapiId) {
		synchronized (this.flows) {
			this.flows.remove(zapiId);
		}
	}

	/**
	 * How many flows are kept (for tests).
	 * @return the count
	 */
	int size() {
		synchronized (this.flows) {
			return this.flows.size();
		}
	}

	private Flow flow(String zapiId) {
		Instant now = this.clock.instant();
		synchronized (this.flows) {
			Flow flow = this.flows.get(zapiId);
			if (flow == null || flow.lapsed(now, this.expiry)) {
				flow = new Flow();
				this.flows.put(zapiId, flow);
			}
			return flow;
		}
	}

	/** One instance's flow. Its fields are guarded by its lock. */
	private static final class Flow {

		private final ReentrantLock lock = new ReentrantLock();

		private int served;

		private byte @Nullable [] lastPng;

		private volatile @Nullable Instant lastAt;

		private boolean lapsed(Instant now, Duration expiry) {
			// read without the lock: a stale value only starts a new flow a moment late
			Instant last = this.lastAt;
			return last != null && !now.isBefore(last.plus(expiry));
		}

	}

	/** What a QR code request is answered with. */
	sealed interface Outcome {

		/**
		 * A code.
		 *
		 * @param png the image
		 * @param repeated whether it is the last code again, from memory (Z-API was not
		 * called)
		 */
		record Code(byte[] png, boolean repeated) implements Outcome {

			@Override
			public String toString() {
				return "Code[png=" + this.png.length + " bytes, repeated=" + this.repeated + "]";
			}

		}

		/**
		 * The flow is spent: Z-API was not called.
		 *
		 * @param served how many codes it got
		 * @param retryAfterSeconds when it lapses by itself
		 */
		record Spent(int served, long retryAfterSeconds) implements Outcome {
		}

		/** Z-API gave no code: a phone is connected. */
		record Connected() implements Outcome {
		}

	}

}
