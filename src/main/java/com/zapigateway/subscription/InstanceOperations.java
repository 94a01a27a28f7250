package com.zapigateway.subscription;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Who may call Z-API about an instance right now: one subscribe, cancel or upgrade per
 * instance at a time, across replicas, without a transaction held while Z-API answers.
 * Each statement commits at once. Leases use the database's clock so replicas agree on
 * when a claim has run out.
 */
@Repository
class InstanceOperations {

	private final JdbcClient jdbc;

	InstanceOperations(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Claims an instance for one Z-API call, unless another call holds it. A claim whose
	 * lease ran out is taken over: its holder died, or its call can no longer be running.
	 * @param instanceId Z-API's instance id
	 * @param operation what will be called
	 * @param lease how long the claim is held at most
	 * @return the claim, or empty if another call holds the instance
	 */
	Optional<Claim> claim(String instanceId, String operation, Duration lease) {
		UUID holder = UUID.randomUUID();
		int claimed = this.jdbc.sql("""
				insert into instance_operations (instance_id, operation, holder, lease_until)
				values (:instanceId, :operation, :holder, clock_timestamp() + :leaseMillis * interval '1 millisecond')
				on conflict (instance_id) do update
				set operation = excluded.operation, holder = excluded.holder, lease_until = excluded.lease_until
				where instance_operations.lease_until <= clock_timestamp()
				""")
			.param("instanceId", instanceId)
			.param("operation", operation)
			.param("holder", holder)
			.param("leaseMillis", lease.toMillis())
			.update();
		return (claimed == 1) ? Optional.of(new Claim(instanceId, holder)) : Optional.empty();
	}

	/**
	 * Ends a claim; a claim taken over by another call is left to it.
	 * @param claim what {@link #claim} returned
	 */
	void release(Claim claim) {
		this.jdbc.sql("delete from instance_operations where instance_id = :instanceId and holder = :holder")
			.param("instanceId", claim.instanceId())
			.param("holder", claim.holder())
			.update();
	}

	/**
	 * A held claim.
	 *
	 * @param instanceId Z-API's instance id
	 * @param holder tells this claim from one that took it over
	 */
	record Claim(String instanceId, UUID holder) {
	}

}
