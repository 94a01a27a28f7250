package com.zapigateway.creation;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Resolves creates left PENDING (their owner crashed or lost the database) or UNKNOWN (a
 * timeout or reset after the request was sent), and purges finished Idempotency-Keys past
 * their retention. One replica at a time: each pass holds a PostgreSQL session advisory
 * lock, and each row is additionally claimed through its lease.
 */
@Component
class CreationReconciler {

	private static final Logger log = LoggerFactory.getLogger(CreationReconciler.class);

	/** Advisory lock key of the reconcile pass ("zgw-reco"). */
	static final long RECONCILE_LOCK = 0x7a67772d7265636fL;

	private static final int BATCH = 100;

	private final CreationRepository creations;

	private final CreationService service;

	private final CreationProperties properties;

	private final DataSource dataSource;

	CreationReconciler(CreationRepository creations, CreationService service, CreationProperties properties,
			DataSource dataSource) {
		this.creations = creations;
		this.service = service;
		this.properties = properties;
		this.dataSource = dataSource;
	}

	@Scheduled(fixedDelayString = "${gateway.creation.reconcile-interval:30s}",
			initialDelayString = "${gateway.creation.reconcile-interval:30s}")
	void scheduledReconcile() {
		try {
			Result result = reconcileOnce();
			if (result.total() > 0) {
				log.info("Reconciled creates: {}", result);
			}
		}
		catch (RuntimeException ex) {
			log.warn("Reconciliation pass failed: {}", ex.getMessage());
		}
	}

	@Scheduled(fixedDelayString = "${gateway.creation.purge-interval:1h}",
			initialDelayString = "${gateway.creation.purge-interval:1h}")
	void scheduledPurge() {
		try {
			int purged = purgeOnce();
			if (purged > 0) {
				log.info("Purged {} finished creates older than {}", purged, this.properties.keyRetention());
			}
		}
		catch (RuntimeException ex) {
			log.warn("Idempotency-key purge failed: {}", ex.getMessage());
		}
	}

	/**
	 * One pass, if no other replica is running one.
	 * @return what was done ({@link Result#skipped()} if another replica holds the lock)
	 */
	Result reconcileOnce() {
		try (Connection lockConnection = this.dataSource.getConnection()) {
			if (!advisory(lockConnection, "select pg_try_advisory_lock(?)")) {
				return Result.SKIPPED;
			}
			try {
				return pass();
			}
			finally {
				advisory(lockConnection, "select pg_advisory_unlock(?)");
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Reconciliation lock unavailable: " + ex.getMessage(), ex);
		}
	}

	/**
	 * Deletes finished creates older than the key retention (unresolved ones are kept).
	 */
	int purgeOnce() {
		return this.creations.purgeFinished(this.properties.keyRetention());
	}

	private Result pass() {
		int adopted = 0;
		int absent = 0;
		int failed = 0;
		for (UUID id : this.creations.findUnresolved(BATCH)) {
			Optional<Creation> claimed = this.creations.claimUnresolved(id, this.properties.lease());
			if (claimed.isEmpty()) {
				continue;
			}
			Creation creation = claimed.get();
			try {
				if (this.service.resolve(creation).isPresent()) {
					adopted++;
				}
				else {
					this.service.markAbsent(creation);
					absent++;
				}
			}
			catch (RuntimeException ex) {
				failed++;
				log.warn("Could not resolve create {}: {}", creation.reference(), ex.getMessage());
			}
		}
		return new Result(false, adopted, absent, failed);
	}

	private static boolean advisory(Connection connection, String sql) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			statement.setLong(1, RECONCILE_LOCK);
			try (ResultSet rs = statement.executeQuery()) {
				return rs.next() && rs.getBoolean(1);
			}
		}
	}

	/**
	 * What one pass did.
	 *
	 * @param skipped another replica held the lock
	 * @param adopted creates found on Z-API and stored
	 * @param absent creates Z-API confirmed absent (marked failed: safe to create again)
	 * @param failed creates that could not be resolved this time
	 */
	record Result(boolean skipped, int adopted, int absent, int failed) {

		static final Result SKIPPED = new Result(true, 0, 0, 0);

		int total() {
			return this.adopted + this.absent + this.failed;
		}

	}

}
