package com.zapigateway.sync;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * What the last complete pass over Z-API's listing found that the gateway does not hold
 * and must not assign to a tenant: instances listed without a gateway reference (made
 * outside the gateway) and instances whose reference matches no create the gateway keeps.
 * The only writer of {@code zapi_listing_census} (one row, replaced after each complete
 * pass by the sync, which runs on one replica at a time), so every replica reads and
 * reports the same numbers.
 * <p>
 * Gauges {@code gateway.zapi.untracked.instances} ({@code kind} {@code unreferenced} and
 * {@code unknown_reference}) are refreshed from the row on a schedule (every replica the
 * same global numbers: use {@code max}, not {@code sum}), and at once on the replica that
 * wrote it.
 */
@Component
class ListingCensus {

	/** Ids kept per kind, so the row and the operator's answer stay small. */
	static final int SAMPLE = 20;

	private static final Logger log = LoggerFactory.getLogger(ListingCensus.class);

	private static final TypeReference<List<String>> IDS = new TypeReference<>() {
	};

	private final JdbcClient jdbc;

	private final JsonMapper json;

	private final AtomicLong unreferenced = new AtomicLong();

	private final AtomicLong unknownReference = new AtomicLong();

	ListingCensus(JdbcClient jdbc, JsonMapper json, MeterRegistry meters) {
		this.jdbc = jdbc;
		this.json = json;
		Gauge.builder("gateway.zapi.untracked.instances", this.unreferenced, AtomicLong::get)
			.description("Instances Z-API listed in the last complete pass that the gateway does not hold and"
					+ " cannot assign to a tenant")
			.tag("kind", "unreferenced")
			.register(meters);
		Gauge.builder("gateway.zapi.untracked.instances", this.unknownReference, AtomicLong::get)
			.description("Instances Z-API listed in the last complete pass that the gateway does not hold and"
					+ " cannot assign to a tenant")
			.tag("kind", "unknown_reference")
			.register(meters);
	}

	/**
	 * Replaces what the last complete pass found.
	 * @param census what this complete pass found
	 */
	void record(Census census) {
		this.jdbc.sql("""
				insert into zapi_listing_census (id, completed_at, listed, unreferenced, unreferenced_sample,
				    unknown_reference, unknown_reference_sample)
				values (1, :completedAt, :listed, :unreferenced, cast(:unreferencedSample as jsonb),
				    :unknownReference, cast(:unknownReferenceSample as jsonb))
				on conflict (id) do update set completed_at = excluded.completed_at, listed = excluded.listed,
				    unreferenced = excluded.unreferenced, unreferenced_sample = excluded.unreferenced_sample,
				    unknown_reference = excluded.unknown_reference,
				    unknown_reference_sample = excluded.unknown_reference_sample
				""")
			.param("completedAt", Timestamp.from(census.completedAt()))
			.param("listed", census.listed())
			.param("unreferenced", census.unreferenced().count())
			.param("unreferencedSample", this.json.writeValueAsString(census.unreferenced().sample()))
			.param("unknownReference", census.unknownReference().count())
			.param("unknownReferenceSample", this.json.writeValueAsString(census.unknownReference().sample()))
			.update();
		show(census);
	}

	/**
	 * What the last complete pass found.
	 * @return it, or empty if no pass has completed yet
	 */
	Optional<Census> last() {
		return this.jdbc.sql("select * from zapi_listing_census where id = 1").query(this::map).optional();
	}

	@Scheduled(fixedDelayString = "${gateway.metrics.instances-refresh:1m}", initialDelayString = "10s")
	void scheduledRefresh() {
		try {
			last().ifPresent(this::show);
		}
		catch (RuntimeException ex) {
			log.warn("Could not refresh the untracked instance metrics: {}", ex.getMessage());
		}
	}

	private void show(Census census) {
		this.unreferenced.set(census.unreferenced().count());
		this.unknownReference.set(census.unknownReference().count());
	}

	private Census map(ResultSet rs, int row) throws SQLException {
		return new Census(rs.getTimestamp("completed_at").toInstant(), rs.getInt("listed"),
				new Untracked(rs.getInt("unreferenced"), ids(rs.getString("unreferenced_sample"))),
				new Untracked(rs.getInt("unknown_reference"), ids(rs.getString("unknown_reference_sample"))));
	}

	private List<String> ids(@Nullable String sample) {
		return (sample != null) ? this.json.readValue(sample, IDS) : List.of();
	}

	/**
	 * What one complete pass found.
	 *
	 * @param completedAt when the pass completed
	 * @param listed how many instances Z-API listed
	 * @param unreferenced listed without a gateway reference, not held
	 * @param unknownReference listed with a reference no kept create has, not held
	 */
	record Census(Instant completedAt, int listed, Untracked unreferenced, Untracked unknownReference) {
	}

	/**
	 * A count and a bounded sample of Z-API ids (never names or tokens).
	 *
	 * @param count how many
	 * @param sample at most {@value ListingCensus#SAMPLE} of their Z-API ids
	 */
	record Untracked(int count, List<String> sample) {

		static Untracked collecting() {
			return new Untracked(0, new ArrayList<>());
		}

		Untracked add(String zapiId) {
			if (this.sample.size() < SAMPLE) {
				this.sample.add(zapiId);
			}
			return new Untracked(this.count + 1, this.sample);
		}

		Untracked done() {
			return new Untracked(this.count, List.copyOf(this.sample));
		}

	}

}
