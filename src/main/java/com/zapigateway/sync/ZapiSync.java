package com.zapigateway.sync;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.zapigateway.audit.AuditLog;
import com.zapigateway.creation.LateListedInstances;
import com.zapigateway.instance.Instances;
import com.zapigateway.shared.jobs.JobRuns;
import com.zapigateway.zapi.ZapiGuard;
import com.zapigateway.zapi.ZapiInstancePage;
import com.zapigateway.zapi.ZapiListedInstance;
import com.zapigateway.zapi.ZapiUnavailableException;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Pages through Z-API's partner listing and makes the gateway's state true: due dates,
 * payment status, when Z-API last confirmed each instance, and which instances Z-API
 * deleted after their due date (missing from two complete listings in a row, so an
 * instance skipped while Z-API's pages shift is not taken for deleted). One replica at a
 * time (ShedLock). A listing that fails or is cut short still updates what it read, but
 * marks nothing deleted.
 * <p>
 * Subscriptions made outside the gateway: Z-API does not document its
 * {@code paymentStatus} values, so none is taken to mean "subscribed" unless an operator
 * lists it in {@code gateway.sync.subscribed-payment-statuses}; an instance on trial
 * listed with one of those is marked subscribed ({@code subscribedVia: SYNC}) and
 * audited. Nothing else is inferred from the payment status.
 * <p>
 * One odd value never costs a page: what is stored from the listing is made storable
 * first ({@link ListedValues}: a payment status longer than its column, or with control
 * characters, is stored bounded and sanitised, with one warning per pass), and should a
 * page still be refused by the database as a whole, its instances are stored one by one
 * and only the refused ones are skipped (logged, without their values).
 * <p>
 * Pages are read through {@link ZapiGuard}, like every other Z-API call: the sync takes
 * one of the replica's slots per page and its failures count towards the circuit breaker
 * that protects creates, subscribes and cancels. When the guard refuses a page (every
 * slot taken by callers, or the circuit open because Z-API keeps failing) the pass stops
 * there as a listing cut short would, logs why, and the next scheduled pass starts over:
 * the sync never waits for a slot or retries on its own, so it never competes with
 * callers for a Z-API that is already saturated or failing.
 * <p>
 * Listed instances the gateway does not hold are handed to {@link LateListedInstances}
 * (the create protocol's owner), which adopts those whose name carries the gateway
 * reference of a create (Z-API listed them after the create was concluded absent) under
 * the create's tenant. The rest (no reference: made outside the gateway; a reference no
 * kept create has) are never assigned to a tenant: a complete pass stores their count and
 * a sample for operators ({@link ListingCensus}).
 */
@Component
public class ZapiSync {

	static final String JOB = "zapi-sync";

	private static final Logger log = LoggerFactory.getLogger(ZapiSync.class);

	private final ZapiGuard zapi;

	private final Instances instances;

	private final SyncProperties properties;

	private final JobRuns runs;

	private final AuditLog audit;

	private final Set<String> subscribedPaymentStatuses;

	private final Clock clock;

	private final LateListedInstances lateListed;

	private final ListingCensus census;

	ZapiSync(ZapiGuard zapi, Instances instances, SyncProperties properties, JobRuns runs, AuditLog audit, Clock clock,
			LateListedInstances lateListed, ListingCensus census) {
		this.lateListed = lateListed;
		this.census = census;
		this.zapi = zapi;
		this.instances = instances;
		this.properties = properties;
		this.runs = runs;
		this.audit = audit;
		this.subscribedPaymentStatuses = properties.subscribedPaymentStatusSet();
		this.clock = clock;
	}

	@Scheduled(fixedDelayString = "${gateway.sync.interval:5m}",
			initialDelayString = "${gateway.sync.initial-delay:1m}")
	@SchedulerLock(name = JOB, lockAtMostFor = "${gateway.sync.lock-at-most-for:30m}")
	public void scheduled() {
		try {
			run();
		}
		catch (ZapiUnavailableException ex) {
			log.info("Sync with Z-API stopped: the Z-API guard refused the call ({}); what was read is stored,"
					+ " nothing is marked deleted, the next pass starts over", ex.reason());
		}
		catch (RuntimeException ex) {
			log.warn("Sync with Z-API failed: {}", ex.getMessage());
		}
	}

	/**
	 * One complete pass over Z-API's listing.
	 * @return what the pass did
	 * @throws ZapiUnavailableException if the guard refused a page (the pages read before
	 * it are stored, nothing is marked deleted)
	 */
	public Result run() {
		return this.runs.record(JOB, this::pass);
	}

	private Result pass() {
		Instant started = this.clock.instant();
		Set<String> seen = new HashSet<>();
		ListedValues values = new ListedValues();
		int known = 0;
		int subscribed = 0;
		int skipped = 0;
		int page = 1;
		boolean complete = false;
		Unheld unheld = new Unheld();
		try {
			while (page <= this.properties.maxPages()) {
				ZapiInstancePage listed = this.zapi.listInstances(page, this.properties.pageSize(), null);
				listed.content().forEach((instance) -> seen.add(instance.id()));
				List<ZapiListedInstance> storable = values.storable(listed.content());
				Applied applied = apply(storable);
				known += applied.listed().known();
				subscribed += applied.listed().subscribed().size();
				skipped += applied.skipped();
				applied.listed().subscribed().forEach(this::subscribedOutsideGateway);
				unheld(storable, unheld);
				if (listed.content().isEmpty() || page >= listed.totalPages()) {
					complete = true;
					break;
				}
				page++;
			}
		}
		finally {
			values.warnOnce(log);
		}
		List<String> deleted = List.of();
		if (complete) {
			this.census.record(new ListingCensus.Census(this.clock.instant(), seen.size(), unheld.unreferenced.done(),
					unheld.unknownReference.done()));
			deleted = this.instances.deleteUnlisted(seen, started);
			if (!deleted.isEmpty()) {
				log.info("Z-API no longer lists {} instance(s) past their due date; marked deleted: {}", deleted.size(),
						deleted);
			}
		}
		else {
			log.warn("Z-API's listing has more than {} pages of {}; nothing marked deleted this run",
					this.properties.maxPages(), this.properties.pageSize());
		}
		unheld.logOnce();
		return new Result(page, seen.size(), known, subscribed, deleted.size(), complete, values.sanitised(), skipped,
				unheld.duplicates, unheld.own, unheld.unreferenced.count(), unheld.unknownReference.count());
	}

	/**
	 * Hands each listed instance the gateway does not hold to the create protocol, one by
	 * one: one that cannot be adopted now is logged and looked at again next pass.
	 */
	private void unheld(List<ZapiListedInstance> page, Unheld unheld) {
		for (ZapiListedInstance instance : this.instances.unheld(page)) {
			LateListedInstances.Outcome outcome;
			try {
				outcome = this.lateListed.adopt(instance);
			}
			catch (RuntimeException ex) {
				log.warn("Instance {} from Z-API's listing, not held by the gateway, could not be adopted now ({});"
						+ " the next pass looks again", instance.id(), ex.getClass().getSimpleName());
				continue;
			}
			switch (outcome) {
				case ADOPTED_DUPLICATE -> unheld.duplicates++;
				case ADOPTED_AS_INTENT -> unheld.own++;
				case UNREFERENCED -> unheld.unreferenced = unheld.unreferenced.add(instance.id());
				case UNKNOWN_REFERENCE -> unheld.unknownReference = unheld.unknownReference.add(instance.id());
				case HELD, IN_PROGRESS -> {
				}
			}
		}
	}

	/** What one pass found among the listed instances the gateway did not hold. */
	private static final class Unheld {

		private int duplicates;

		private int own;

		private ListingCensus.Untracked unreferenced = ListingCensus.Untracked.collecting();

		private ListingCensus.Untracked unknownReference = ListingCensus.Untracked.collecting();

		void logOnce() {
			if (this.unreferenced.count() > 0 || this.unknownReference.count() > 0) {
				log.info(
						"Z-API lists {} instance(s) without a gateway reference and {} with a reference no kept"
								+ " create has; not held, never assigned to a tenant (see {})",
						this.unreferenced.count(), this.unknownReference.count(), UntrackedInstancesController.PATH);
			}
		}

	}

	/**
	 * Stores one page in one transaction; if the database refuses it, stores its
	 * instances one by one, skipping only those it refuses (still counted as listed, so
	 * never taken for deleted).
	 */
	private Applied apply(List<ZapiListedInstance> page) {
		try {
			return new Applied(this.instances.listed(page, this.clock.instant(), this.subscribedPaymentStatuses), 0);
		}
		catch (DataIntegrityViolationException ex) {
			if (page.size() == 1) {
				skipped(page.get(0), ex);
				return new Applied(new Instances.Listed(0, List.of()), 1);
			}
			log.warn("The database refused a page of Z-API's listing ({}); storing its {} instances one by one",
					reason(ex), page.size());
		}
		int known = 0;
		int skipped = 0;
		List<Instances.Subscribed> subscribed = new ArrayList<>();
		for (ZapiListedInstance instance : page) {
			try {
				Instances.Listed one = this.instances.listed(List.of(instance), this.clock.instant(),
						this.subscribedPaymentStatuses);
				known += one.known();
				subscribed.addAll(one.subscribed());
			}
			catch (DataIntegrityViolationException ex) {
				skipped(instance, ex);
				skipped++;
			}
		}
		return new Applied(new Instances.Listed(known, List.copyOf(subscribed)), skipped);
	}

	private static void skipped(ZapiListedInstance instance, DataIntegrityViolationException ex) {
		log.warn("Instance {} from Z-API's listing not updated: the database refused it ({})", instance.id(),
				reason(ex));
	}

	/**
	 * The SQL state, never the database's message (it may quote the row, values and
	 * sealed token included).
	 */
	private static String reason(DataIntegrityViolationException ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof SQLException sql) {
				return "SQL state " + sql.getSQLState();
			}
		}
		return ex.getClass().getSimpleName();
	}

	/** One page stored, and how many of its instances the database refused. */
	private record Applied(Instances.Listed listed, int skipped) {
	}

	private void subscribedOutsideGateway(Instances.Subscribed instance) {
		log.info(
				"Z-API lists instance {} of tenant {} with payment status '{}' (configured as subscribed):"
						+ " marked subscribed outside the gateway",
				instance.zapiId(), instance.tenantId(), instance.paymentStatus());
		// no caller: the sync job
		this.audit.record(AuditLog.Action.INSTANCE_SUBSCRIBE, null, instance.tenantId(), instance.zapiId(),
				"subscribed-outside-gateway");
	}

	/**
	 * What one pass did.
	 *
	 * @param pages pages read
	 * @param listed instances Z-API listed
	 * @param confirmed of those, instances the gateway created (updated)
	 * @param subscribed instances on trial marked subscribed (outside the gateway)
	 * @param deleted instances marked deleted
	 * @param complete whether the whole listing was read
	 * @param sanitised payment statuses stored bounded or sanitised, not as sent
	 * @param skipped listed instances of the gateway's the database refused to update
	 * @param adoptedDuplicates listed instances adopted as late-listed duplicates of the
	 * instance their create produced
	 * @param adoptedAsIntent listed instances adopted as their create's own (the create
	 * had produced none)
	 * @param unreferenced listed instances not held whose name carries no gateway
	 * reference
	 * @param unknownReference listed instances not held whose reference no kept create
	 * has
	 */
	public record Result(int pages, int listed, int confirmed, int subscribed, int deleted, boolean complete,
			int sanitised, int skipped, int adoptedDuplicates, int adoptedAsIntent, int unreferenced,
			int unknownReference) {
	}

}
