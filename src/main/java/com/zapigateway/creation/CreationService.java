package com.zapigateway.creation;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import javax.sql.DataSource;

import com.zapigateway.audit.AuditLog;
import com.zapigateway.idempotency.IdempotencyProperties;
import com.zapigateway.idempotency.IdempotentRequest;
import com.zapigateway.idempotency.IdempotentRequests;
import com.zapigateway.instance.CreatedInstance;
import com.zapigateway.instance.Instances;
import com.zapigateway.instance.NewInstance;
import com.zapigateway.limits.CreateLimits;
import com.zapigateway.limits.RateLimitedException;
import com.zapigateway.limits.TrialLimitReachedException;
import com.zapigateway.zapi.OnDemandInstanceRequest;
import com.zapigateway.zapi.ZapiException;
import com.zapigateway.zapi.ZapiGuard;
import com.zapigateway.zapi.ZapiInstance;
import com.zapigateway.zapi.ZapiInstancePage;
import com.zapigateway.zapi.ZapiListedInstance;
import com.zapigateway.zapi.ZapiUnavailableException;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Creates a Z-API instance at most once per intent, and never loses one Z-API made.
 * <ol>
 * <li>The intent (a PENDING {@link IdempotentRequest} with a fresh gateway reference as
 * its subject and the caller's Idempotency-Key) is committed before Z-API is called; the
 * key's unique constraint lets exactly one request (on any replica) own it.</li>
 * <li>Z-API is called with no transaction open, the reference in the instance name.</li>
 * <li>The instance, the DONE mark and the audit row are committed in one short
 * transaction. A provable failure marks the intent FAILED (the key may try again); any
 * other failure marks it UNKNOWN and is never retried blindly.</li>
 * <li>UNKNOWN intents, and PENDING ones whose owner vanished, are resolved against
 * Z-API's list by their reference, by a retry with the same key or by the reconciler:
 * found means adopted, absent means it is safe to create again.</li>
 * </ol>
 * The rate limit applies to every create request (replays included); the trial cap only
 * to a request about to make a new Z-API create.
 * <p>
 * Each phase is an observation {@value #PHASE} (a span of the request's trace and a
 * timer) with key {@code phase}: {@code intent} (recorded, replayed or taken over),
 * {@code zapi-call} (the create on Z-API, guard included) and {@code stored} (the
 * finishing transaction). Only fixed values: never a token, key or instance id.
 */
@Service
class CreationService {

	/** The name of the transaction that finishes a create. */
	static final String FINISH = "creation-finish";

	/** The observation of one phase of a create. */
	static final String PHASE = "gateway.create.phase";

	private static final Logger log = LoggerFactory.getLogger(CreationService.class);

	private final IdempotentRequests requests;

	private final Instances instances;

	private final CreateLimits limits;

	private final ZapiGuard zapi;

	private final AuditLog audit;

	private final JsonMapper jsonMapper;

	private final TransactionTemplate finish;

	private final IdempotencyProperties idempotency;

	private final CreationProperties properties;

	private final ObservationRegistry observations;

	CreationService(IdempotentRequests requests, Instances instances, CreateLimits limits, ZapiGuard zapi,
			AuditLog audit, JsonMapper jsonMapper, DataSource dataSource, IdempotencyProperties idempotency,
			CreationProperties properties, ObservationRegistry observations) {
		this.requests = requests;
		this.instances = instances;
		this.limits = limits;
		this.zapi = zapi;
		this.audit = audit;
		this.jsonMapper = jsonMapper;
		// three JDBC statements: a JDBC transaction, without the JPA session the
		// application's transaction manager would open for them
		this.finish = new TransactionTemplate(new JdbcTransactionManager(dataSource));
		this.finish.setName(FINISH);
		this.idempotency = idempotency;
		this.properties = properties;
		this.observations = observations;
		if (idempotency.lease().compareTo(zapi.longestCall()) <= 0) {
			throw new IllegalStateException("gateway.idempotency.lease (" + idempotency.lease()
					+ ") must exceed the longest Z-API create call (" + zapi.longestCall()
					+ ": connect and read timeouts, retries and backoff)");
		}
	}

	/**
	 * Creates an instance, or answers what an earlier request with the same key got.
	 * Deliberately not transactional: Z-API is called with no connection or transaction
	 * open.
	 * @param client the calling client
	 * @param tenantId the tenant
	 * @param idempotencyKey the caller's Idempotency-Key, or {@code null}
	 * @param request the caller's (validated) request
	 * @return the instance with its token, and whether this answer replays an earlier
	 * request's
	 * @throws ZapiException if Z-API failed (outcome recorded as failed or unknown)
	 */
	Created create(String client, String tenantId, @Nullable String idempotencyKey, OnDemandInstanceRequest request) {
		try {
			this.limits.takeCreate(client);
		}
		catch (RateLimitedException ex) {
			// the rate is now a database statement: a database failure here is not a
			// refusal to audit as one
			this.audit.record(AuditLog.Action.INSTANCE_CREATE, client, tenantId, null, "rate-limited");
			throw ex;
		}
		String requestJson = this.jsonMapper.writeValueAsString(request);
		IdempotentRequests.Opened opened = phase("intent", () -> this.requests.open(IdempotentRequest.Scope.CREATE,
				tenantId, idempotencyKey, GatewayReference::next, requestJson, client));
		IdempotentRequest intent = opened.request();
		return switch (opened.opening()) {
			case NEW -> attempt(intent, request);
			case REPLAY -> new Created(this.instances.created(intent.tenantId(), requireZapiId(intent)), true);
			case TAKEN_OVER -> takeOver(intent, request);
		};
	}

	private Created takeOver(IdempotentRequest intent, OnDemandInstanceRequest request) {
		if (intent.state() != IdempotentRequest.State.FAILED) {
			// PENDING with a vanished owner, or UNKNOWN: ask Z-API before anything else
			Optional<CreatedInstance> adopted = resolve(intent);
			if (adopted.isPresent()) {
				return new Created(adopted.get(), true);
			}
		}
		this.requests.beginAttempt(intent.id());
		return attempt(intent, request);
	}

	private Created attempt(IdempotentRequest intent, OnDemandInstanceRequest request) {
		CreateLimits.Reservation slot;
		try {
			slot = this.limits.reserveTrialSlot(intent.tenantId());
		}
		catch (RuntimeException ex) {
			if (ex instanceof TrialLimitReachedException) {
				this.audit.record(AuditLog.Action.INSTANCE_CREATE, intent.createdBy(), intent.tenantId(), null,
						"trial-limit-reached");
			}
			recordOutcome(ex, () -> this.requests.markFailed(intent.id(), "REFUSED"));
			throw ex;
		}
		try (slot) {
			return attemptCreate(intent, request);
		}
	}

	private Created attemptCreate(IdempotentRequest intent, OnDemandInstanceRequest request) {
		OnDemandInstanceRequest sent = GatewayReference.decorate(request, intent.subject());
		ZapiInstance created;
		try {
			created = phase("zapi-call", () -> this.zapi.createInstance(sent));
		}
		catch (ZapiException ex) {
			if (ex.failure().outcomeUncertain()) {
				recordOutcome(ex, () -> this.requests.markUnknown(intent.id(), ex.failure().name()));
				log.warn("Create {} for tenant {}: outcome unknown ({}); left for reconciliation", intent.subject(),
						intent.tenantId(), ex.failure());
				this.audit.record(AuditLog.Action.INSTANCE_CREATE, intent.createdBy(), intent.tenantId(), null,
						"unknown");
			}
			else {
				recordOutcome(ex, () -> this.requests.markFailed(intent.id(), ex.failure().name()));
				this.audit.record(AuditLog.Action.INSTANCE_CREATE, intent.createdBy(), intent.tenantId(), null,
						"failed");
			}
			throw ex;
		}
		catch (ZapiUnavailableException ex) {
			recordOutcome(ex, () -> this.requests.markFailed(intent.id(), ex.reason()));
			this.audit.record(AuditLog.Action.INSTANCE_CREATE, intent.createdBy(), intent.tenantId(), null,
					ex.auditOutcome());
			throw ex;
		}
		CreatedInstance stored;
		try {
			NewInstance instance = new NewInstance(intent.tenantId(), created.id(), created.token(),
					callerName(request), sent, created.due(), intent.createdBy());
			stored = phase("stored", () -> finish(intent, instance, "created"));
		}
		catch (RuntimeException ex) {
			// Z-API created (and bills) it: the PENDING intent lets the reconciler adopt
			// it
			log.error("Z-API created instance {} (reference {}) for tenant {} but it could not be stored yet;"
					+ " the reconciler will adopt it", created.id(), intent.subject(), intent.tenantId());
			this.audit.record(AuditLog.Action.INSTANCE_CREATE, intent.createdBy(), intent.tenantId(), created.id(),
					"not-stored");
			throw new CreateNotStoredException(this.idempotency.lease(), ex);
		}
		return new Created(stored, false);
	}

	/**
	 * Resolves a claimed PENDING or UNKNOWN create against Z-API's list.
	 * @return the instance if found (and now adopted), empty if Z-API confirms it is
	 * absent
	 * @throws ZapiException if Z-API could not be asked (the lease is released)
	 */
	Optional<CreatedInstance> resolve(IdempotentRequest intent) {
		Optional<ZapiListedInstance> found;
		try {
			found = find(intent.subject());
		}
		catch (RuntimeException ex) {
			this.requests.release(intent.id());
			throw ex;
		}
		if (found.isEmpty()) {
			log.info("Create {} for tenant {} is not on Z-API: safe to create again", intent.subject(),
					intent.tenantId());
			return Optional.empty();
		}
		ZapiListedInstance instance = found.get();
		OnDemandInstanceRequest request = this.jsonMapper.readValue(intent.requestJson(),
				OnDemandInstanceRequest.class);
		CreatedInstance adopted = finish(intent,
				new NewInstance(intent.tenantId(), instance.id(), instance.token(), callerName(request),
						GatewayReference.decorate(request, intent.subject()), instance.due(), intent.createdBy()),
				"adopted");
		log.info("Create {} for tenant {}: instance {} found on Z-API and adopted", intent.subject(), intent.tenantId(),
				instance.id());
		return Optional.of(adopted);
	}

	/** Marks a create that Z-API confirmed absent as failed (nothing created). */
	void markAbsent(IdempotentRequest intent) {
		this.requests.markFailed(intent.id(), "NOT_ON_ZAPI");
	}

	/**
	 * Looks for the reference on Z-API: first with Z-API's search ({@code query}), then,
	 * since Z-API does not document how its search matches, by scanning the whole list.
	 * Absence is only concluded after a complete scan.
	 */
	private Optional<ZapiListedInstance> find(String reference) {
		List<ZapiListedInstance> matches = search(reference, reference);
		if (matches.isEmpty()) {
			matches = search(reference, null);
		}
		if (matches.size() > 1) {
			log.error("Z-API has {} instances for reference {}: {}; adopting the first, the others need an operator",
					matches.size(), reference, matches.stream().map(ZapiListedInstance::id).toList());
		}
		return matches.stream().findFirst();
	}

	private List<ZapiListedInstance> search(String reference, @Nullable String query) {
		List<ZapiListedInstance> matches = new ArrayList<>();
		for (int page = 1;; page++) {
			if (page > this.properties.lookupMaxPages()) {
				throw new IllegalStateException("Z-API's list is longer than " + this.properties.lookupMaxPages()
						+ " pages; not deciding whether reference " + reference + " exists");
			}
			ZapiInstancePage found = this.zapi.listInstances(page, this.properties.lookupPageSize(), query);
			found.content()
				.stream()
				.filter((instance) -> GatewayReference.carries(instance.name(), reference))
				.forEach(matches::add);
			if (!found.hasNext()) {
				return matches;
			}
		}
	}

	/**
	 * Marks the create done, stores the instance (unless one with its Z-API id already
	 * is) and writes the audit row, in one short transaction: the audit row says
	 * "created" or "adopted" only if the instance is stored.
	 * @return the instance with its token
	 * @throws IllegalStateException if the create was already finished (nothing written)
	 */
	CreatedInstance finish(IdempotentRequest intent, NewInstance instance, String outcome) {
		AuditLog.Event event = this.audit.event(AuditLog.Action.INSTANCE_CREATE, intent.createdBy(), intent.tenantId(),
				instance.zapiId(), outcome);
		Optional<CreatedInstance> stored = this.finish.execute((status) -> {
			if (!this.requests.markDone(intent.id(), instance.zapiId())) {
				throw new IllegalStateException("Create " + intent.subject() + " was already finished");
			}
			Optional<CreatedInstance> inserted = this.instances.store(instance);
			this.audit.insert(event);
			return inserted;
		});
		this.audit.written(event);
		// an instance with that Z-API id was already stored: answer it as stored
		return (stored != null && stored.isPresent()) ? stored.get()
				: this.instances.created(intent.tenantId(), instance.zapiId());
	}

	private <T> T phase(String phase, Supplier<T> run) {
		return Observation.createNotStarted(PHASE, this.observations)
			.contextualName("create " + phase)
			.lowCardinalityKeyValue("phase", phase)
			.observe(run);
	}

	private static void recordOutcome(RuntimeException failure, Runnable update) {
		try {
			update.run();
		}
		catch (RuntimeException ex) {
			// the intent stays PENDING: the reconciler resolves it once its lease runs
			// out
			failure.addSuppressed(ex);
			log.error("Could not record a create's outcome; it stays pending for the reconciler: {}", ex.getMessage());
		}
	}

	private static String callerName(OnDemandInstanceRequest request) {
		return (request.name() != null) ? request.name() : "";
	}

	private static String requireZapiId(IdempotentRequest intent) {
		String zapiId = intent.result();
		if (zapiId == null) {
			throw new IllegalStateException("Create " + intent.subject() + " is done without a Z-API id");
		}
		return zapiId;
	}

	/**
	 * A create's answer.
	 *
	 * @param instance the instance with its token
	 * @param replayed whether an earlier request with the same key made it (no new Z-API
	 * create was made for this request)
	 */
	record Created(CreatedInstance instance, boolean replayed) {
	}

}
