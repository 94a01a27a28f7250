package com.zapigateway.sync;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

import com.zapigateway.audit.AuditLog;
import com.zapigateway.creation.LateListedInstances;
import com.zapigateway.instance.Instances;
import com.zapigateway.shared.jobs.JobRuns;
import com.zapigateway.zapi.ZapiFailures;
import com.zapigateway.zapi.ZapiGuard;
import com.zapigateway.zapi.ZapiInstancePage;
import com.zapigateway.zapi.ZapiListedInstance;
import com.zapigateway.zapi.ZapiUnavailableException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

/**
 * The sync when the Z-API guard refuses a page (every slot taken, or the circuit open):
 * the pass stops, keeps what it read, marks nothing deleted, and the next pass starts
 * over.
 */
@ExtendWith(OutputCaptureExtension.class)
class ZapiSyncGuardTests {

	private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");

	private static final ZapiListedInstance FIRST = listed("Z1");

	private static final ZapiListedInstance SECOND = listed("Z2");

	private final ZapiGuard guard = mock(ZapiGuard.class);

	private final Instances instances = mock(Instances.class);

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private ZapiSync sync;

	@BeforeEach
	void setUp() {
		given(this.instances.listed(any(), any(), any())).willReturn(new Instances.Listed(1, List.of()));
		given(this.instances.deleteUnlisted(any(), any())).willReturn(List.of());
		SyncProperties properties = new SyncProperties(Duration.ofMinutes(5), 1, 10, List.of());
		this.sync = new ZapiSync(this.guard, this.instances, properties, new JobRuns(this.meters), mock(AuditLog.class),
				Clock.fixed(NOW, ZoneOffset.UTC), mock(LateListedInstances.class), mock(ListingCensus.class));
	}

	@Test
	void anOpenCircuitSkipsThePassWithoutTouchingTheInstances(CapturedOutput output) {
		given(this.guard.listInstances(anyInt(), anyInt(), any())).willThrow(ZapiFailures.circuitOpen());

		this.sync.scheduled();

		assertThat(output).contains("Sync with Z-API stopped", "CIRCUIT_OPEN");
		verify(this.instances, never()).listed(any(), any(), any());
		verify(this.instances, never()).deleteUnlisted(any(), any());
		assertThat(
				this.meters.get("gateway.job.runs").tag("job", ZapiSync.JOB).tag("outcome", "failure").timer().count())
			.isEqualTo(1);
	}

	@Test
	void aBusyGuardMidListingKeepsThePagesReadMarksNothingDeletedAndTheNextPassStartsOver(CapturedOutput output) {
		given(this.guard.listInstances(1, 1, null)).willReturn(page(FIRST, 1));
		given(this.guard.listInstances(2, 1, null)).willThrow(ZapiFailures.busy()).willReturn(page(SECOND, 2));

		assertThatExceptionOfType(ZapiUnavailableException.class).isThrownBy(this.sync::run)
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo("BUSY"));

		verify(this.instances).listed(eq(List.of(FIRST)), any(), any());
		verify(this.instances, never()).deleteUnlisted(any(), any());

		ZapiSync.Result next = this.sync.run();

		assertThat(next.complete()).isTrue();
		assertThat(next.pages()).isEqualTo(2);
		verify(this.instances).deleteUnlisted(Set.of("Z1", "Z2"), NOW);
	}

	private static ZapiInstancePage page(ZapiListedInstance instance, int page) {
		return new ZapiInstancePage(List.of(instance), page, 2, 2);
	}

	private static ZapiListedInstance listed(String id) {
		return new ZapiListedInstance(id, "T" + id, "Loja " + id, NOW.plus(Duration.ofDays(1)), "TRIAL");
	}

}
