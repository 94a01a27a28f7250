package com.zapigateway.shared.jobs;

import java.util.function.Supplier;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Times scheduled job runs as {@code gateway.job.runs} (tags {@code job} and
 * {@code outcome} = {@code success} or {@code failure}): the sync with Z-API, expiry
 * alerts, the reconciler. Each run is also one observation, {@value #OBSERVATION} (key
 * {@code job}): the span of the pass, the root of a trace of its own, in which its Z-API
 * calls, its log lines and the webhook events it enqueues are traced.
 */
@Component
public class JobRuns {

	/** The observation (span) of one job pass. */
	public static final String OBSERVATION = "gateway.job.pass";

	private final MeterRegistry meters;

	private final ObservationRegistry observations;

	/**
	 * Without observations (unit tests).
	 * @param meters where run times go
	 */
	public JobRuns(MeterRegistry meters) {
		this(meters, ObservationRegistry.NOOP);
	}

	@Autowired
	public JobRuns(MeterRegistry meters, ObservationRegistry observations) {
		this.meters = meters;
		this.observations = observations;
	}

	/**
	 * Runs and times one job run.
	 * @param <T> the run's result
	 * @param job the job's name (a fixed string)
	 * @param run the run
	 * @return the run's result
	 */
	public <T> T record(String job, Supplier<T> run) {
		// on a scheduler thread nothing is traced yet: each pass is the root of its trace
		return Observation.createNotStarted(OBSERVATION, this.observations)
			.contextualName("job " + job)
			.lowCardinalityKeyValue("job", job)
			.observe(() -> timed(job, run));
	}

	private <T> T timed(String job, Supplier<T> run) {
		Timer.Sample sample = Timer.start(this.meters);
		String outcome = "failure";
		try {
			T result = run.get();
			outcome = "success";
			return result;
		}
		finally {
			sample.stop(Timer.builder("gateway.job.runs")
				.description("Scheduled job runs by job and outcome")
				.tag("job", job)
				.tag("outcome", outcome)
				.register(this.meters));
		}
	}

}
