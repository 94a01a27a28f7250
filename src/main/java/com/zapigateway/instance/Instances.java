package com.zapigateway.instance;

import java.sql.Timestamp;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import com.zapigateway.audit.AuditLog;
import com.zapigateway.zapi.ZapiListedInstance;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.jdbc.core.SqlParameterValue;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.util.Assert;

/**
 * The one facade of the instance module: stores what creation obtained from Z-API, reads
 * a tenant's instances (with their trial status and, audited, their token), and applies
 * what subscriptions, connection checks and the sync with Z-API learned. Never calls
 * Z-API.
 * <p>
 * This module is the only writer of {@code instances}, one way per kind of write: a new
 * row by one SQL insert in the caller's transaction ({@link #store}: creation commits it
 * with its request record and audit row, and an insert that yields to a row already
 * stored needs {@code on conflict}, which JPA cannot say), every change of an instance's
 * state by JPA dirty checking of the loaded {@link Instance} in a short transaction here,
 * and the sealed tokens under a new key by {@link TokenReencryption}'s batches. "Now" is
 * the {@code Clock} bean's.
 */
@Service
public class Instances {

	private static final Sort SOONEST_DUE_FIRST = Sort.by(Sort.Order.asc("dueAt"), Sort.Order.asc("zapiId"));

	private static final Set<Lifecycle> RUNNING_OUT = EnumSet.of(Lifecycle.TRIAL, Lifecycle.CANCELLED);

	private static final Instant END = Instant.parse("9999-12-31T23:59:59Z");

	private final InstanceRepository instances;

	private final TrialPolicy trial;

	private final TrialProperties trialProperties;

	private final TokenCipher cipher;

	private final AuditLog audit;

	private final JdbcClient jdbc;

	private final JsonMapper jsonMapper;

	private final Clock clock;

	Instances(InstanceRepository instances, TrialPolicy trial, TrialProperties trialProperties, TokenCipher cipher,
			AuditLog audit, JdbcClient jdbc, JsonMapper jsonMapper, Clock clock) {
		this.instances = instances;
		this.trial = trial;
		this.trialProperties = trialProperties;
		this.cipher = cipher;
		this.audit = audit;
		this.jdbc = jdbc;
		this.jsonMapper = jsonMapper;
		this.clock = clock;
	}

	/**
	 * Stores an instance Z-API created (or that was found on Z-API and adopted): its
	 * token sealed (once), its due date estimated when Z-API's was unreadable. One insert
	 * in the caller's transaction; an instance with that Z-API id already stored is left
	 * as it is.
	 * @param instance the instance
	 * @return the stored instance with its token (the plaintext given, never decrypted
	 * back), or empty if that Z-API id was already stored
	 */
	public Optional<CreatedInstance> store(NewInstance instance) {
		return insert(instance, false, null);
	}

	/**
	 * Stores an instance the sync found in Z-API's listing after its create had been
	 * concluded absent ({@link AdoptedAs#LATE_LISTED}), like {@link #store}: one insert
	 * in the caller's transaction, an instance with that Z-API id already stored is left
	 * as it is.
	 * @param instance the instance, under its create's tenant
	 * @param duplicateOf the instance its create produced (this one is then a second
	 * billed instance), or {@code null} if the create produced none
	 * @return the stored instance with its token, or empty if that Z-API id was already
	 * stored
	 */
	public Optional<CreatedInstance> storeLateListed(NewInstance instance, @Nullable String duplicateOf) {
		return insert(instance, true, duplicateOf);
	}

	/**
	 * The listed instances the gateway does not hold (no stored instance has their Z-API
	 * id), in the order given. One auto-committed select.
	 * @param listed instances from Z-API's listing
	 * @return those not stored
	 */
	public List<ZapiListedInstance> unheld(List<ZapiListedInstance> listed) {
		if (listed.isEmpty()) {
			return List.of();
		}
		Set<String> ids = new HashSet<>();
		listed.forEach((instance) -> ids.add(instance.id()));
		Set<String> held = new HashSet<>(this.jdbc.sql("select zapi_id from instances where zapi_id in (:ids)")
			.param("ids", ids)
			.query(String.class)
			.list());
		return listed.stream().filter((instance) -> !held.contains(instance.id())).toList();
	}

	private Optional<CreatedInstance> insert(NewInstance instance, boolean lateListed, @Nullable String duplicateOf) {
		// the caller's transaction may be a plain JDBC one (no JPA session): checked
		// here rather than by the JPA transaction manager's MANDATORY propagation
		Assert.state(TransactionSynchronizationManager.isActualTransactionActive(),
				"An instance is stored in the caller's transaction");
		Instant now = this.clock.instant();
		Instant due = (instance.due() != null) ? instance.due().truncatedTo(ChronoUnit.MICROS) : null;
		Instance stored = new Instance(UUID.randomUUID(), instance.tenantId(), instance.zapiId(),
				this.cipher.seal(instance.token(), instance.zapiId()), instance.name(), instance.sentRequest(),
				(due != null) ? due : this.trial.estimatedDue(now), due == null, now, instance.createdBy());
		if (lateListed) {
			stored.adoptedLateListed(duplicateOf);
		}
		AdoptedAs adoptedAs = stored.getAdoptedAs();
		int inserted = this.jdbc.sql("""
				insert into instances (id, tenant_id, zapi_id, token, name, session_name, zapi_request, due_at,
				    due_estimated, created_at, created_by, adopted_as, duplicate_of)
				values (:id, :tenantId, :zapiId, :token, :name, :sessionName, cast(:request as jsonb), :dueAt,
				    :dueEstimated, :createdAt, :createdBy, :adoptedAs, :duplicateOf)
				on conflict (zapi_id) do nothing
				""")
			.param("id", stored.getId())
			.param("tenantId", stored.getTenantId())
			.param("zapiId", stored.getZapiId())
			.param("token", stored.getSealedToken())
			.param("name", stored.getName())
			.param("sessionName", new SqlParameterValue(Types.VARCHAR, stored.getSessionName()))
			.param("request", this.jsonMapper.writeValueAsString(stored.getZapiRequest()))
			.param("dueAt", Timestamp.from(stored.getDueAt()))
			.param("dueEstimated", stored.isDueEstimated())
			.param("createdAt", Timestamp.from(stored.getCreatedAt()))
			.param("createdBy", stored.getCreatedBy())
			.param("adoptedAs", new SqlParameterValue(Types.VARCHAR, (adoptedAs != null) ? adoptedAs.name() : null))
			.param("duplicateOf", new SqlParameterValue(Types.VARCHAR, stored.getDuplicateOf()))
			.update();
		return (inserted == 1) ? Optional.of(new CreatedInstance(view(stored), instance.token())) : Optional.empty();
	}

	/**
	 * A stored instance with its token, as a create answers it (a replay, an adoption).
	 * One auto-committed select: a transaction would only add a commit round trip.
	 * @param tenantId the tenant
	 * @param zapiId Z-API's instance id
	 * @return the instance with its token
	 */
	public CreatedInstance created(String tenantId, String zapiId) {
		Instance instance = find(tenantId, zapiId);
		return new CreatedInstance(view(instance), this.cipher.open(instance.getSealedToken(), instance.getZapiId()));
	}

	/**
	 * How many of a tenant's instances are still in their trial, counting no further than
	 * {@code upTo} (for the trial cap).
	 * @param tenantId the tenant
	 * @param upTo the most to count
	 * @return the count, at most {@code upTo}
	 */
	public long countInTrialUpTo(String tenantId, int upTo) {
		return this.instances.countInTrialUpTo(tenantId, this.clock.instant(), upTo);
	}

	/**
	 * One instance. Not transactional: a single auto-committed select (a read-only
	 * transaction would only add a commit round trip).
	 */
	InstanceView get(String tenantId, String instanceId) {
		return view(find(tenantId, instanceId));
	}

	@Transactional(readOnly = true)
	InstancePage list(String tenantId, @Nullable TrialStatus status, int page, int size) {
		TrialPolicy.DueRange range = this.trial.dueRange(status);
		Page<Instance> found = this.instances.findByTenantDueBetween(tenantId, range.lifecycles(), range.after(),
				range.until(), PageRequest.of(page, size, SOONEST_DUE_FIRST));
		return new InstancePage(found.map(this::view).getContent(), page, size, found.getTotalElements(),
				found.getTotalPages());
	}

	/**
	 * Reads and decrypts an instance's token. Not transactional: one read, and the audit
	 * event is written in its own transaction.
	 */
	InstanceCredentials credentials(String client, String tenantId, String instanceId) {
		Instance instance;
		try {
			instance = find(tenantId, instanceId);
		}
		catch (InstanceNotFoundException ex) {
			this.audit.record(AuditLog.Action.CREDENTIALS_READ, client, tenantId, instanceId, "not-found");
			throw ex;
		}
		String token;
		try {
			token = this.cipher.open(instance.getSealedToken(), instance.getZapiId());
		}
		catch (RuntimeException ex) {
			this.audit.record(AuditLog.Action.CREDENTIALS_READ, client, tenantId, instanceId, "decryption-failed");
			throw ex;
		}
		this.audit.record(AuditLog.Action.CREDENTIALS_READ, client, tenantId, instanceId, "read");
		return new InstanceCredentials(token);
	}

	/**
	 * Less than this left before the due date reads as {@code EXPIRING_SOON}.
	 * @return the window
	 */
	public Duration expiringSoonWindow() {
		return this.trialProperties.expiringSoonWindow();
	}

	/**
	 * A tenant's instance, with what a Z-API call about it needs (its token decrypted).
	 * @param tenantId the tenant
	 * @param instanceId Z-API's instance id
	 * @return the target
	 * @throws org.springframework.web.ErrorResponseException 404 if the tenant has no
	 * such instance
	 */
	@Transactional(readOnly = true)
	public Target target(String tenantId, String instanceId) {
		Instance instance = find(tenantId, instanceId);
		return new Target(instance.getTenantId(), instance.getZapiId(),
				this.cipher.open(instance.getSealedToken(), instance.getZapiId()), instance.getLifecycle(),
				instance.getWithCalls());
	}

	/**
	 * Records a subscription Z-API confirmed.
	 * @param target the instance
	 * @param withCalls the {@code withCalls} sent to Z-API, or {@code null} if none was
	 * sent
	 * @return the instance now
	 */
	@Transactional
	public InstanceView subscribed(Target target, @Nullable Boolean withCalls) {
		Instance instance = find(target.tenantId(), target.zapiId());
		instance.subscribed(this.clock.instant(), withCalls);
		return view(instance);
	}

	/**
	 * Records the upgrade of a subscription to one with voice calls, Z-API confirmed.
	 * @param target the instance
	 * @return the instance now
	 */
	@Transactional
	public InstanceView upgradedToCalls(Target target) {
		Instance instance = find(target.tenantId(), target.zapiId());
		instance.upgradedToCalls(this.clock.instant());
		return view(instance);
	}

	/**
	 * Records a cancellation Z-API confirmed.
	 * @param target the instance
	 * @return the instance now
	 */
	@Transactional
	public InstanceView cancelled(Target target) {
		Instance instance = find(target.tenantId(), target.zapiId());
		instance.cancelled(this.clock.instant());
		return view(instance);
	}

	/**
	 * Records an instance's phone connection as Z-API just reported it. A report older
	 * than the one recorded is ignored.
	 * @param target the instance
	 * @param state the state Z-API reported (or its answer implied)
	 * @param at when Z-API reported it
	 * @return the instance's last known connection now
	 */
	@Transactional
	public KnownConnection connectionChecked(Target target, ConnectionState state, Instant at) {
		Instance instance = find(target.tenantId(), target.zapiId());
		instance.connectionChecked(state, at);
		return KnownConnection.of(instance);
	}

	@Transactional(readOnly = true)
	public InstanceView view(String tenantId, String instanceId) {
		return view(find(tenantId, instanceId));
	}

	/**
	 * Applies one page of Z-API's listing: due date, payment status, confirmation time.
	 * An instance on trial listed with one of {@code subscribedPaymentStatuses} is marked
	 * subscribed (outside the gateway). Instances the gateway did not create are ignored.
	 * @param listed the listed instances
	 * @param at when the page was read
	 * @param subscribedPaymentStatuses the payment statuses that mean subscribed (exact
	 * values)
	 * @return what was applied
	 */
	@Transactional
	public Listed listed(List<ZapiListedInstance> listed, Instant at, Set<String> subscribedPaymentStatuses) {
		Map<String, ZapiListedInstance> byId = new HashMap<>();
		listed.forEach((item) -> byId.put(item.id(), item));
		List<Instance> known = byId.isEmpty() ? List.of() : this.instances.findByZapiIdIn(byId.keySet());
		List<Subscribed> subscribed = new ArrayList<>();
		for (Instance instance : known) {
			ZapiListedInstance item = byId.get(instance.getZapiId());
			instance.listed(item.due(), item.paymentStatus(), at);
			String paymentStatus = item.paymentStatus();
			if (paymentStatus != null && subscribedPaymentStatuses.contains(paymentStatus)
					&& instance.subscribedOutsideGateway(at)) {
				subscribed.add(new Subscribed(instance.getTenantId(), instance.getZapiId(), paymentStatus));
			}
		}
		return new Listed(known.size(), List.copyOf(subscribed));
	}

	/**
	 * After a complete listing: instances past their due date that existed before the
	 * listing started and were not in it are suspected; suspected by an earlier complete
	 * listing too, they are marked deleted. Instances not yet due are never marked,
	 * whatever the listing says.
	 * @param seen every instance id the complete listing showed
	 * @param listedSince when the listing started
	 * @return the ids marked deleted
	 */
	@Transactional
	public List<String> deleteUnlisted(Set<String> seen, Instant listedSince) {
		Instant now = this.clock.instant();
		List<String> deleted = new ArrayList<>();
		for (String zapiId : this.instances.findLiveDueBefore(now, listedSince)) {
			if (!seen.contains(zapiId)) {
				Instance instance = this.instances.findByZapiId(zapiId).orElse(null);
				if (instance != null && instance.unlisted(now, listedSince)) {
					deleted.add(zapiId);
				}
			}
		}
		return deleted;
	}

	/**
	 * A tenant's counts by trial status and by connection, its next expiries and its
	 * trial instances never connected.
	 * @param tenantId the tenant
	 * @param next how many upcoming expiries (and trial instances never connected) to
	 * list
	 * @return the summary
	 */
	@Transactional(readOnly = true)
	public Summary summary(String tenantId, int next) {
		Instant now = this.clock.instant();
		Instant soon = now.plus(this.trialProperties.expiringSoonWindow());
		Map<TrialStatus, Long> counts = counts(this.instances.countByLifecycle(tenantId, now, soon));
		List<InstanceView> upcoming = (next <= 0) ? List.of()
				: this.instances
					.findByTenantDueBetween(tenantId, RUNNING_OUT, now, END, PageRequest.of(0, next, SOONEST_DUE_FIRST))
					.map(this::view)
					.getContent();
		return new Summary(tenantId, now, counts, upcoming, connectionCounts(tenantId), (next <= 0) ? List.of()
				: this.instances.findTrialsNeverConnected(tenantId, now, PageRequest.of(0, next, SOONEST_DUE_FIRST))
					.stream()
					.map(this::view)
					.toList());
	}

	private ConnectionCounts connectionCounts(String tenantId) {
		Map<ConnectionState, Long> byState = new EnumMap<>(ConnectionState.class);
		for (ConnectionState state : ConnectionState.values()) {
			byState.put(state, 0L);
		}
		long neverChecked = 0;
		for (InstanceRepository.ConnectionCount row : this.instances.countByConnectionState(tenantId)) {
			ConnectionState state = row.getState();
			if (state == null) {
				neverChecked += row.getCount();
			}
			else {
				byState.merge(state, row.getCount(), Long::sum);
			}
		}
		return new ConnectionCounts(byState, neverChecked);
	}

	/**
	 * Counts by trial status over all tenants (for metrics).
	 * @return the counts, every status present
	 */
	@Transactional(readOnly = true)
	public Map<TrialStatus, Long> countsByTrialStatus() {
		Instant now = this.clock.instant();
		return counts(this.instances.countByLifecycle(now, now.plus(this.trialProperties.expiringSoonWindow())));
	}

	/**
	 * Instances on trial or with a cancelled subscription whose due date lies in
	 * {@code (after, until]}, soonest first, for expiry alerts.
	 * @param after exclusive lower bound
	 * @param until inclusive upper bound
	 * @param limit at most this many
	 * @return the instances
	 */
	@Transactional(readOnly = true)
	public List<InstanceView> runningOut(Instant after, Instant until, int limit) {
		return this.instances.findRunningOut(RUNNING_OUT, after, until, PageRequest.of(0, limit, SOONEST_DUE_FIRST))
			.stream()
			.map(this::view)
			.toList();
	}

	private static Map<TrialStatus, Long> counts(List<InstanceRepository.LifecycleCount> rows) {
		Map<TrialStatus, Long> counts = new EnumMap<>(TrialStatus.class);
		for (TrialStatus status : TrialStatus.values()) {
			counts.put(status, 0L);
		}
		for (InstanceRepository.LifecycleCount row : rows) {
			long all = row.getExpired() + row.getExpiringSoon() + row.getLater();
			switch (row.getLifecycle()) {
				case TRIAL, CANCELLED -> {
					counts.merge(TrialStatus.EXPIRED, row.getExpired(), Long::sum);
					counts.merge(TrialStatus.EXPIRING_SOON, row.getExpiringSoon(), Long::sum);
					counts.merge(TrialStatus.ACTIVE, row.getLater(), Long::sum);
				}
				case SUBSCRIBED -> counts.merge(TrialStatus.SUBSCRIBED, all, Long::sum);
				case DELETED -> counts.merge(TrialStatus.DELETED, all, Long::sum);
			}
		}
		return counts;
	}

	private Instance find(String tenantId, String instanceId) {
		return this.instances.findByTenantIdAndZapiId(tenantId, instanceId)
			.orElseThrow(() -> new InstanceNotFoundException(tenantId, instanceId));
	}

	private InstanceView view(Instance instance) {
		return InstanceView.of(instance, this.trial.evaluate(instance));
	}

	/**
	 * What a Z-API call about an instance needs.
	 *
	 * @param tenantId the owning tenant
	 * @param zapiId Z-API's instance id
	 * @param token the instance token (a secret: never logged)
	 * @param lifecycle its lifecycle when read
	 * @param withCalls whether its subscription includes voice calls, {@code null} when
	 * unknown
	 */
	public record Target(String tenantId, String zapiId, String token, Lifecycle lifecycle,
			@Nullable Boolean withCalls) {

		@Override
		public String toString() {
			return "Target[tenantId=" + this.tenantId + ", zapiId=" + this.zapiId + ", token=<redacted>, lifecycle="
					+ this.lifecycle + ", withCalls=" + this.withCalls + "]";
		}

	}

	/**
	 * What one page of Z-API's listing changed.
	 *
	 * @param known how many listed instances the gateway created (all updated)
	 * @param subscribed the instances on trial it marked subscribed (outside the gateway)
	 */
	public record Listed(int known, List<Subscribed> subscribed) {
	}

	/**
	 * An instance the sync found subscribed outside the gateway.
	 *
	 * @param tenantId the owning tenant
	 * @param zapiId Z-API's instance id
	 * @param paymentStatus the payment status Z-API listed it with
	 */
	public record Subscribed(String tenantId, String zapiId, String paymentStatus) {
	}

	/**
	 * A tenant's dashboard numbers.
	 *
	 * @param tenantId the tenant
	 * @param at when computed
	 * @param countsByTrialStatus how many instances are in each trial status (all
	 * present)
	 * @param nextExpiries the instances whose trial (or cancelled subscription) runs out
	 * next, soonest first
	 * @param connections the instances not deleted by their last known connection
	 * @param neverConnectedTrials the instances on trial, not yet due, that no phone was
	 * ever seen connected to, soonest due first (as many as {@code nextExpiries} may
	 * list): the ones that will be lost unless someone connects them
	 */
	public record Summary(String tenantId, Instant at, Map<TrialStatus, Long> countsByTrialStatus,
			List<InstanceView> nextExpiries, ConnectionCounts connections, List<InstanceView> neverConnectedTrials) {
	}

	/**
	 * A tenant's instances (deleted ones aside) by their last known connection, as the
	 * gateway last learned it from Z-API (never read from Z-API for the summary).
	 *
	 * @param byState how many are in each state (all present)
	 * @param neverChecked how many were never checked
	 */
	public record ConnectionCounts(Map<ConnectionState, Long> byState, long neverChecked) {
	}

}
