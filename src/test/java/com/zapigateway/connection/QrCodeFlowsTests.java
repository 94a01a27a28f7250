package com.zapigateway.connection;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import com.zapigateway.zapi.ZapiQrCode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The QR code flows' pacing, on a clock the test moves.
 */
class QrCodeFlowsTests {

	private final MovableClock clock = new MovableClock();

	private final AtomicInteger calls = new AtomicInteger();

	private final Supplier<ZapiQrCode> zapi = () -> ZapiQrCode.of(new byte[] { (byte) this.calls.incrementAndGet() });

	@Test
	void repeatsTheLastCodeWithinTheIntervalThenStopsAfterTheMaximum() {
		QrCodeFlows flows = flows(3, 1000);

		assertThat(code(flows.next("I1", false, this.zapi))).containsExactly(1);
		this.clock.advance(Duration.ofSeconds(9));
		QrCodeFlows.Outcome repeat = flows.next("I1", false, this.zapi);
		assertThat(repeat).isInstanceOfSatisfying(QrCodeFlows.Outcome.Code.class,
				(code) -> assertThat(code.repeated()).isTrue());
		assertThat(code(repeat)).containsExactly(1);
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(code(flows.next("I1", false, this.zapi))).containsExactly(2);
		this.clock.advance(Duration.ofSeconds(10));
		assertThat(code(flows.next("I1", false, this.zapi))).containsExactly(3);
		this.clock.advance(Duration.ofSeconds(10));

		QrCodeFlows.Outcome spent = flows.next("I1", false, this.zapi);

		assertThat(spent)
			.isEqualTo(new QrCodeFlows.Outcome.Spent(3, Duration.ofMinutes(10).minusSeconds(10).toSeconds()));
		assertThat(this.calls).hasValue(3);
		// another instance has its own flow
		assertThat(code(flows.next("I2", false, this.zapi))).containsExactly(4);
		assertThat(code(flows.next("I1", true, this.zapi))).containsExactly(5);
	}

	@Test
	void aRestartForgetsTheCountButNotThePace() {
		QrCodeFlows flows = flows(3, 1000);
		assertThat(code(flows.next("I1", true, this.zapi))).containsExactly(1);
		for (int i = 0; i < 5; i++) {
			this.clock.advance(Duration.ofSeconds(1));
			assertThat(code(flows.next("I1", true, this.zapi))).containsExactly(1);
		}
		assertThat(this.calls).hasValue(1);
		this.clock.advance(Duration.ofSeconds(5));
		assertThat(code(flows.next("I1", true, this.zapi))).containsExactly(2);
	}

	@Test
	void aFlowLapsesAfterItsLastCodeAndIsForgottenWhenAPhoneConnects() {
		QrCodeFlows flows = flows(1, 1000);
		flows.next("I1", false, this.zapi);
		this.clock.advance(Duration.ofSeconds(10));
		assertThat(flows.next("I1", false, this.zapi)).isInstanceOf(QrCodeFlows.Outcome.Spent.class);
		this.clock.advance(Duration.ofMinutes(10));
		assertThat(code(flows.next("I1", false, this.zapi))).containsExactly(2);

		this.clock.advance(Duration.ofSeconds(10));
		assertThat(flows.next("I1", true, ZapiQrCode::connected)).isInstanceOf(QrCodeFlows.Outcome.Connected.class);
		assertThat(flows.size()).isZero();
		assertThat(code(flows.next("I1", false, this.zapi))).containsExactly(3);
	}

	@Test
	void aFailedCallCountsNothing() {
		QrCodeFlows flows = flows(1, 1000);
		assertThatIllegalStateException().isThrownBy(() -> flows.next("I1", false, () -> {
			throw new IllegalStateException("Z-API failed");
		}));
		assertThat(code(flows.next("I1", false, this.zapi))).containsExactly(1);
	}

	@Test
	void keepsAtMostTheConfiguredFlowsForgettingTheLeastRecentlyUsed() {
		QrCodeFlows flows = flows(3, 2);
		flows.next("I1", false, this.zapi);
		flows.next("I2", false, this.zapi);
		flows.next("I1", false, this.zapi);
		flows.next("I3", false, this.zapi);

		assertThat(flows.size()).isEqualTo(2);
		// I1 was used last but one: still known (repeated from memory); I2 was forgotten
		assertThat(code(flows.next("I1", false, this.zapi))).containsExactly(1);
		assertThat(code(flows.next("I2", false, this.zapi))).containsExactly(4);
	}

	private QrCodeFlows flows(int maxCodes, int maxFlows) {
		return new QrCodeFlows(
				new ConnectionProperties(Duration.ofSeconds(10), maxCodes, Duration.ofMinutes(10), maxFlows),
				this.clock);
	}

	private static byte[] code(QrCodeFlows.Outcome outcome) {
		assertThat(outcome).isInstanceOf(QrCodeFlows.Outcome.Code.class);
		return ((QrCodeFlows.Outcome.Code) outcome).png();
	}

	static final class MovableClock extends Clock {

		private Instant now = Instant.parse("2026-11-23T18:00:00Z");

		void advance(Duration duration) {
			this.now = this.now.plus(duration);
		}

		@Override
		public ZoneId getZone() {
			return ZoneId.of("UTC");
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return this.now;
		}

	}

}
