package com.zapigateway.limits;

import java.time.Duration;

import com.zapigateway.instance.Instances;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The limits on creating instances: how fast each client may ask (every create request,
 * replays included), and how many instances in trial each tenant may have (checked only
 * just before a new Z-API create, see {@link TrialInstanceLimit}).
 * <p>
 * The rate holds for the whole cluster: it is stored in the PostgreSQL every replica
 * shares (table {@code create_rate_limits}, one row per client) as the generic cell rate
 * algorithm (GCRA), which lets through exactly what a greedy token bucket of
 * {@code capacity} refilled by {@code capacity} per {@code period} would. The row holds
 * one timestamp, when the client's bucket is full again ({@code full_at}); a create moves
 * it one emission interval ({@code period / capacity}) later, from now if it lies in the
 * past, and is let through if it then lies at most one {@code period} ahead. Checking and
 * taking is one {@code insert ... on conflict do update ... returning} statement in its
 * own short transaction (the row lock is held for that statement only, never across the
 * Z-API call), timed by the database's {@code clock_timestamp()}, so replicas' clocks
 * need not agree and concurrent creates on any replicas are serialized by the row lock.
 * The table is unlogged: its commits do not wait for a WAL flush, which was most of the
 * statement's cost, and a bucket lost to a database crash or a failover only starts full
 * again.
 * <p>
 * Why not Bucket4j's PostgreSQL backend: on Maven Central it stops at 8.14.0 while the
 * core moved on (pinning both to it would hold the core back), its proxy managers lock
 * the row ({@code select ... for update}, or an advisory lock) and write it back in a
 * transaction of several round trips per consume, and its state is a serialized binary
 * blob; the same algorithm as one statement over a readable timestamp costs less and
 * needs no new dependency. A rate changed in configuration applies at once: only
 * {@code full_at} is stored, the capacity and period come with each statement.
 */
@Service
public class CreateLimits {

	// full_at is the stored value; "now + T" arrives as excluded.full_at, so now is
	// excluded.full_at - T; the new value is greatest(full_at, now) + T, let through if
	// it is at most now + period ahead. A refused create leaves full_at as it was.
	private static final String TAKE = """
			insert into create_rate_limits as bucket (client, full_at, accepted)
			values (:client, clock_timestamp() + :interval * interval '1 microsecond', true)
			on conflict (client) do update
			set full_at = case
			        when greatest(bucket.full_at + :interval * interval '1 microsecond', excluded.full_at)
			            <= excluded.full_at + (:period - :interval) * interval '1 microsecond'
			        then greatest(bucket.full_at + :interval * interval '1 microsecond', excluded.full_at)
			        else bucket.full_at end,
			    accepted = greatest(bucket.full_at + :interval * interval '1 microsecond', excluded.full_at)
			            <= excluded.full_at + (:period - :interval) * interval '1 microsecond'
			returning accepted,
			    (extract(epoch from (full_at - clock_timestamp())) * 1000000)::bigint as ahead
			""";

	private final JdbcClient jdbc;

	private final LimitsProperties.Rate rate;

	private final long periodMicros;

	private final long intervalMicros;

	private final TrialInstanceLimit trial;

	private final Instances instances;

	CreateLimits(LimitsProperties properties, TrialInstanceLimit trial, Instances instances, JdbcClient jdbc) {
		this.rate = properties.createRate();
		this.periodMicros = this.rate.period().toNanos() / 1000;
		// rounded down (at least 1 us): capacity creates at once always fit in one period
		this.intervalMicros = Math.max(1, this.periodMicros / this.rate.capacity());
		this.trial = trial;
		this.instances = instances;
		this.jdbc = jdbc;
	}

	/**
	 * Takes one create from the client's bucket, shared by every replica.
	 * @param client the client's name (clients are configured, so the table stays
	 * bounded)
	 * @throws RateLimitedException if the client asked too fast
	 */
	public void takeCreate(String client) {
		Taken taken = this.jdbc.sql(TAKE)
			.param("client", client)
			.param("interval", this.intervalMicros)
			.param("period", this.periodMicros)
			.query((row, number) -> new Taken(row.getBoolean("accepted"), row.getLong("ahead")))
			.single();
		if (!taken.accepted()) {
			// the bucket has room again once full_at is no more than one period ahead
			long waitMicros = taken.aheadMicros() - (this.periodMicros - this.intervalMicros);
			throw new RateLimitedException(Duration.ofNanos(Math.max(0, waitMicros) * 1000), this.rate.capacity(),
					this.rate.period());
		}
	}

	/**
	 * Reserves one of the tenant's trial slots for a new Z-API create.
	 * @param tenantId the tenant
	 * @return the reservation, to close once the create has ended (stored or failed)
	 * @throws TrialLimitReachedException if the tenant is at its cap
	 */
	public Reservation reserveTrialSlot(String tenantId) {
		return this.trial.reserve(tenantId, (upTo) -> this.instances.countInTrialUpTo(tenantId, upTo));
	}

	private record Taken(boolean accepted, long aheadMicros) {
	}

	/**
	 * A trial slot held while a create is in flight.
	 */
	public interface Reservation extends AutoCloseable {

		@Override
		void close();

	}

}
