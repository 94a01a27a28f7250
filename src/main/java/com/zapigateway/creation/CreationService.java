package com.zapigateway.creation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.zapigateway.audit.AuditLog;
import com.zapigateway.idempotency.IdempotencyKeyReusedException;
import com.zapigateway.idempotency.IdempotencyKeys;
import com.zapigateway.idempotency.IdempotentRequestInProgressException;
import com.zapigateway.zapi.OnDemandInstanceRequest;
import com.zapigateway.zapi.ZapiException;
import com.zapigateway.zapi.ZapiInstance;
import com.zapigateway.zapi.ZapiInstancePage;
import com.zapigateway.zapi.ZapiListedInstance;
import com.zapigateway.zapi.ZapiGuard;
import com.zapigateway.zapi.ZapiUnavailableException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Service;

/**
 * Creates a Z-API instance at most once per intent, and never loses one Z-API made.
 * <ol>
 * <li>The intent (a PENDING row with a fresh gateway reference and the caller's
 * Idempotency-Key) is committed before Z-API is called; the key's unique constraint lets
 * exactly one request (on any replica) own it.</li>
 * <li>Z-API is called with no transaction open, the reference in the instance name.</li>
 * <li>The instance, the DONE mark and the audit row are committed in one statement. A
 * provable failure marks the row FAILED (the key may try again); any other failure marks
 * it UNKNOWN and is never retried blindly.</li>
 * <li>UNKNOWN rows, and PENDING rows whose owner vanished, are resolved against Z-API's
 * list by their reference, by a retry with the same key or by the reconciler: found means
 * adopted, absent means it is safe to create again.</li>
 * </ol>
 */
@Service
public class CreationService {

	private static final Logger log = LoggerFactory.getLogger(CreationService.class);

	private final CreationRepository creations;

	private final ZapiGuard zapi;

	private final InstanceRecorder recorder;

	private final JsonMapper jsonMapper;

	private final AuditLog audit;

	private final CreationProperties properties;

	CreationService(CreationRepository creations, ZapiGuard zapi, InstanceRecorder recorder, JsonMapper jsonMapper,
			AuditLog audit, CreationProperties properties) {
		this.creations = creations;
		this.zapi = zapi;
		this.recorder = recorder;
		this.jsonMapper = jsonMapper;
		this.audit = audit;
		this.properties = properties;
		Duration longestCall = zapi.longestCall();
		if (properties.lease().compareTo(longestCall) <= 0) {
			throw new IllegalStateException(
					"gateway.creation.lease (" + properties.lease() + ") must exceed the longest Z-API create call ("
							+ longestCall + ": connect and read timeouts, retries and backoff)");
		}
	}

	/**
	 * Creates an instance, or answers what an earlier request with the same key got.
	 * @param client the calling client
	 * @param tenantId the tenant
	 * @param idempotencyKey the caller's Idempotency-Key, or {@code null}
	 * @param request the caller's (validated) request
	 * @param gate entered just before a new Z-API create (not for replays or adoptions);
	 * may refuse by throwing, which marks the intent failed
	 * @return the stored instance's id
	 * @throws ZapiException if Z-API failed (outcome recorded as failed or unknown)
	 */
	public CreationResult create(String client, String tenantId, @Nullable String idempotencyKey,
			OnDemandInstanceRequest request, Gate gate) {
		String requestJson = this.jsonMapper.writeValueAsString(request);
		String fingerprint = IdempotencyKeys.fingerprint(requestJson);
		for (int tries = 0; tries < 3; tries++) {
			Optional<Creation> inserted = this.creations.insert(GatewayReference.next(), tenantId, idempotencyKey,
					fingerprint, requestJson, client, this.properties.lease());
			if (inserted.isPresent()) {
				return attempt(inserted.get(), request, gate);
			}
			if (idempotencyKey == null) {
				continue; // a reference collision (64 random bits): draw another
			}
			Optional<Creation> existing = this.creations.findByKey(tenantId, idempotencyKey);
			if (existing.isPresent()) {
				return reuse(existing.get(), fingerprint, request, gate);
			}
			// purged between the insert and the read: insert again
		}
		throw new IllegalStateException("Could not record the create intent");
	}

	private CreationResult reuse(Creation creation, String fingerprint, OnDemandInstanceRequest request, Gate gate) {
		if (!creation.fingerprint().equals(fingerprint)) {
			throw new IdempotencyKeyReusedException();
		}
		if (creation.state() == CreationState.DONE) {
			return replay(creation);
		}
		if (creation.leased()) {
			throw new IdempotentRequestInProgressException(retryAfter(creation));
		}
		Creation claimed = this.creations.claim(creation.id(), this.properties.lease()).orElse(null);
		if (claimed == null) {
			Creation now = this.creations.findById(creation.id()).orElseThrow();
			if (now.state() == CreationState.DONE) {
				return replay(now);
			}
			throw new IdempotentRequestInProgressException(retryAfter(now));
		}
		if (claimed.state() == CreationState.FAILED) {
			this.creations.beginAttempt(claimed.id(), this.properties.lease());
			return attempt(claimed, request, gate);
		}
		// PENDING with a vanished owner, or UNKNOWN: ask Z-API before anything else
		Optional<String> resolved = resolve(claimed);
		if (resolved.isPresent()) {
			return new CreationResult(claimed.tenantId(), resolved.get(), true);
		}
		this.creations.beginAttempt(claimed.id(), this.properties.lease());
		return attempt(claimed, request, gate);
	}

	private CreationResult replay(Creation creation) {
		return new CreationResult(creation.tenantId(), requireZapiId(creation), true);
	}

	private CreationResult attempt(Creation creation, OnDemandInstanceRequest request, Gate gate) {
		Permit permit;
		try {
			permit = gate.enter();
		}
		catch (RuntimeException ex) {
			recordOutcome(ex, () -> this.creations.markFailed(creation.id(), "REFUSED"));
			throw ex;
		}
		try (permit) {
			return attemptCreate(creation, request);
		}
	}

	private CreationResult attemptCreate(Creation creation, OnDemandInstanceRequest request) {
		OnDemandInstanceRequest sent = GatewayReference.decorate(request, creation.reference());
		ZapiInstance created;
		try {
			created = this.zapi.createInstance(sent);
		}
		catch (ZapiException ex) {
			if (ex.failure().outcomeUncertain()) {
				recordOutcome(ex, () -> this.creations.markUnknown(creation.id(), ex.failure().name(),
						this.properties.settleTime()));
				log.warn("Create {} for tenant {}: outcome unknown ({}); left for reconciliation", creation.reference(),
						creation.tenantId(), ex.failure());
				this.audit.record(AuditLog.Action.INSTANCE_CREATE, creation.createdBy(), creation.tenantId(), null,
						"unknown");
			}
			else {
				recordOutcome(ex, () -> this.creations.markFailed(creation.id(), ex.failure().name()));
				this.audit.record(AuditLog.Action.INSTANCE_CREATE, creation.createdBy(), creation.tenantId(), null,
						"failed");
			}
			throw ex;
		}
		catch (ZapiUnavailableException ex) {
			recordOutcome(ex, () -> this.creations.markFailed(creation.id(), ex.reason()));
			this.audit.record(AuditLog.Action.INSTANCE_CREATE, creation.createdBy(), creation.tenantId(), null,
					"rejected-" + ex.reason().toLowerCase(java.util.Locale.ROOT));
			throw ex;
		}
		InstanceRecorder.Recorded recorded;
		try {
			recorded = store(creation, new NewInstance(creation.tenantId(), created.id(), created.token(),
					callerName(request), sent, created.due(), creation.createdBy()), "created");
		}
		catch (RuntimeException ex) {
			// Z-API created (and bills) it: the PENDING row lets the reconciler adopt it
			log.error("Z-API created instance {} (reference {}) for tenant {} but it could not be stored yet;"
					+ " the reconciler will adopt it", created.id(), creation.reference(), creation.tenantId());
			this.audit.record(AuditLog.Action.INSTANCE_CREATE, creation.createdBy(), creation.tenantId(), created.id(),
					"not-stored");
			throw new CreateNotStoredException(this.properties.lease(), ex);
		}
		return new CreationResult(creation.tenantId(), created.id(), false, recorded);
	}

	/**
	 * Resolves a claimed PENDING or UNKNOWN create against Z-API's list.
	 * @return the Z-API id if found (and now adopted), empty if Z-API confirms it is
	 * absent
	 * @throws ZapiException if Z-API could not be asked (the lease is released)
	 */
	Optional<String> resolve(Creation creation) {
		Optional<ZapiListedInstance> found;
		try {
			found = find(creation.reference());
		}
		catch (RuntimeException ex) {
			this.creations.release(creation.id());
			throw ex;
		}
		if (found.isEmpty()) {
			log.info("Create {} for tenant {} is not on Z-API: safe to create again", creation.reference(),
					creation.tenantId());
			return Optional.empty();
		}
		ZapiListedInstance instance = found.get();
		OnDemandInstanceRequest request = this.jsonMapper.readValue(creation.requestJson(),
				OnDemandInstanceRequest.class);
		store(creation,
				new NewInstance(creation.tenantId(), instance.id(), instance.token(), callerName(request),
						GatewayReference.decorate(request, creation.reference()), instance.due(), creation.createdBy()),
				"adopted");
		log.info("Create {} for tenant {}: instance {} found on Z-API and adopted", creation.reference(),
				creation.tenantId(), instance.id());
		return Optional.of(instance.id());
	}

	/** Marks a create that Z-API confirmed absent as failed (nothing created). */
	void markAbsent(Creation creation) {
		this.creations.markFailed(creation.id(), "NOT_ON_ZAPI");
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
	 * Stores the instance, marks the create done and audits the outcome, all in one
	 * statement: the audit row says "created" or "adopted" only if the instance is
	 * stored.
	 * @return what was stored, or {@code null} if an instance with that Z-API id already
	 * was
	 * @throws IllegalStateException if the create was already finished (nothing written)
	 */
	private InstanceRecorder.@Nullable Recorded store(Creation creation, NewInstance instance, String outcome) {
		InstanceRecorder.Recorded prepared = this.recorder.prepare(instance);
		AuditLog.Event event = this.audit.event(AuditLog.Action.INSTANCE_CREATE, creation.createdBy(),
				creation.tenantId(), instance.zapiId(), outcome);
		CreationRepository.Finish finish = this.creations.finish(creation.id(), prepared.row(), event);
		if (finish == CreationRepository.Finish.ALREADY_FINISHED) {
			throw new IllegalStateException("Create " + creation.reference() + " was already finished");
		}
		this.audit.written(event);
		return (finish == CreationRepository.Finish.STORED) ? prepared : null;
	}

	/**
	 * Decides, just before a new Z-API create, whether it may happen (e.g. a quota).
	 */
	@FunctionalInterface
	public interface Gate {

		/**
		 * Enters the gate.
		 * @return the permit, closed once the create has ended (stored or failed)
		 * @throws RuntimeException to refuse the create (nothing is sent to Z-API)
		 */
		Permit enter();

	}

	/**
	 * Held while a create is in progress.
	 */
	@FunctionalInterface
	public interface Permit extends AutoCloseable {

		@Override
		void close();

	}

	private static void recordOutcome(RuntimeException failure, Runnable update) {
		try {
			update.run();
		}
		catch (RuntimeException ex) {
			// the row stays PENDING: the reconciler resolves it once its lease runs out
			failure.addSuppressed(ex);
			log.error("Could not record a create's outcome; it stays pending for the reconciler: {}", ex.getMessage());
		}
	}

	private Duration retryAfter(Creation creation) {
		return IdempotencyKeys.retryAfter(creation.dbNow(), creation.leaseUntil(), this.properties.retryAfter());
	}

	private static String callerName(OnDemandInstanceRequest request) {
		return (request.name() != null) ? request.name() : "";
	}

	private static String requireZapiId(Creation creation) {
		String zapiId = creation.zapiId();
		if (zapiId == null) {
			throw new IllegalStateException("Create " + creation.reference() + " is done without a Z-API id");
		}
		return zapiId;
	}

}
