package com.zapigateway.shared.jobs;

import java.util.function.Supplier;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.stereotype.Component;

/**
 * Times scheduled job runs as {@code gateway.job.runs} (tags {@code job} and
 * {@code outcome} = {@code success} or {@code failure}): the sync with Z-API, expiry
 * alerts, the reconciler.
 */
@Component
public class JobRuns {

	private final MeterRegistry meters;

	public JobRuns(MeterRegistry meters) {
		this.meters = meters;
	}

	/**
	 * Runs and times one job run.
	 * @param <T> the run's result
	 * @param job the job's name (a fixed string)
	 * @param run the run
	 * @return the run's result
	 */
	public <T> T record(String job, Supplier<T> run) {
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
