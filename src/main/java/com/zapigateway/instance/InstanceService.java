package com.zapigateway.instance;

import com.zapigateway.limits.TrialInstanceLimit;
import com.zapigateway.audit.AuditLog;
import com.zapigateway.creation.CreationResult;
import com.zapigateway.creation.CreationService;
import com.zapigateway.crypto.TokenCipher;
import com.zapigateway.limits.CreateRateLimiter;
import com.zapigateway.zapi.OnDemandInstanceRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The rules: create through the creation feature (exactly once, never holding a database
 * connection while Z-API is called), read a tenant's instances with their trial status.
 */
@Service
class InstanceService {

	private static final Sort SOONEST_DUE_FIRST = Sort.by(Sort.Order.asc("dueAt"), Sort.Order.asc("zapiId"));

	private final CreationService creations;

	private final InstanceRepository instances;

	private final TrialPolicy trial;

	private final AuditLog audit;

	private final TokenCipher cipher;

	private final CreateRateLimiter rateLimiter;

	private final TrialInstanceLimit trialLimit;

	InstanceService(CreationService creations, InstanceRepository instances, TrialPolicy trial, AuditLog audit,
			TokenCipher cipher, CreateRateLimiter rateLimiter, TrialInstanceLimit trialLimit) {
		this.creations = creations;
		this.instances = instances;
		this.trial = trial;
		this.audit = audit;
		this.cipher = cipher;
		this.rateLimiter = rateLimiter;
		this.trialLimit = trialLimit;
	}

	/**
	 * Creates an instance on Z-API and keeps it, at most once per Idempotency-Key (see
	 * {@link CreationService}). Deliberately not transactional: Z-API is called with no
	 * connection or transaction open. The rate limit applies to every create request; the
	 * trial cap only to a request about to make a new Z-API create (never to a replay).
	 * @param idempotencyKey the caller's key, or {@code null}
	 * @return the instance and whether this answer replays an earlier request's
	 */
	Created create(String client, String tenantId, @Nullable String idempotencyKey, OnDemandInstanceRequest request) {
		try {
			this.rateLimiter.acquire(client);
		}
		catch (RuntimeException ex) {
			this.audit.record(AuditLog.Action.INSTANCE_CREATE, client, tenantId, null, "rate-limited");
			throw ex;
		}
		CreationResult result = this.creations.create(client, tenantId, idempotencyKey, request,
				() -> reserveTrialSlot(client, tenantId));
		// a fresh create answers from what it stored; a replay or an adoption reads it
		// back
		// (one auto-committed select: a transaction would only add a commit round trip)
		Instance instance = (result.recorded() instanceof SealingInstanceRecorder.Prepared stored) ? stored.instance()
				: find(result.tenantId(), result.zapiId());
		String token = this.cipher.open(instance.getSealedToken(), instance.getZapiId());
		return new Created(new CreatedInstance(view(instance), token), result.replayed());
	}

	private CreationService.Permit reserveTrialSlot(String client, String tenantId) {
		try {
			TrialInstanceLimit.Reservation reservation = this.trialLimit.reserve(tenantId,
					(upTo) -> this.instances.countInTrialUpTo(tenantId, this.trial.now(), upTo));
			return reservation::close;
		}
		catch (TrialInstanceLimit.LimitReachedException ex) {
			this.audit.record(AuditLog.Action.INSTANCE_CREATE, client, tenantId, null, "trial-limit-reached");
			throw ex;
		}
	}

	/**
	 * A create's answer.
	 *
	 * @param instance the instance with its token
	 * @param replayed whether an earlier request with the same key made it
	 */
	record Created(CreatedInstance instance, boolean replayed) {
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

	private Instance find(String tenantId, String instanceId) {
		return this.instances.findByTenantIdAndZapiId(tenantId, instanceId)
			.orElseThrow(() -> new InstanceNotFoundException(tenantId, instanceId));
	}

	private InstanceView view(Instance instance) {
		return InstanceView.of(instance, this.trial.evaluate(instance));
	}

}
