package com.zapigateway.instance;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import com.zapigateway.audit.AuditLog;
import com.zapigateway.crypto.TokenCipher;
import com.zapigateway.limits.CreateRateLimiter;
import com.zapigateway.zapi.OnDemandInstanceRequest;
import com.zapigateway.zapi.ZapiClient;
import com.zapigateway.zapi.ZapiInstance;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The rules: create through Z-API then persist (never holding a database connection while
 * Z-API is called), read a tenant's instances with their trial status.
 */
@Service
class InstanceService {

	private static final Logger log = LoggerFactory.getLogger(InstanceService.class);

	private static final Sort SOONEST_DUE_FIRST = Sort.by(Sort.Order.asc("dueAt"), Sort.Order.asc("zapiId"));

	private final ZapiClient zapi;

	private final InstanceRepository instances;

	private final TrialPolicy trial;

	private final AuditLog audit;

	private final TokenCipher cipher;

	private final CreateRateLimiter rateLimiter;

	private final TrialInstanceLimit trialLimit;

	InstanceService(ZapiClient zapi, InstanceRepository instances, TrialPolicy trial, AuditLog audit,
			TokenCipher cipher, CreateRateLimiter rateLimiter, TrialInstanceLimit trialLimit) {
		this.zapi = zapi;
		this.instances = instances;
		this.trial = trial;
		this.audit = audit;
		this.cipher = cipher;
		this.rateLimiter = rateLimiter;
		this.trialLimit = trialLimit;
	}

	/**
	 * Creates an instance on Z-API and keeps it. Deliberately not transactional: the
	 * Z-API call happens with no connection or transaction open; the insert runs in its
	 * own short transaction afterwards.
	 */
	CreatedInstance create(String client, String tenantId, OnDemandInstanceRequest request) {
		try {
			this.rateLimiter.acquire(client);
		}
		catch (RuntimeException ex) {
			this.audit.record(AuditLog.Action.INSTANCE_CREATE, client, tenantId, null, "rate-limited");
			throw ex;
		}
		TrialInstanceLimit.Reservation reservation;
		try {
			reservation = this.trialLimit.reserve(tenantId,
					() -> this.instances.countByTenantIdAndDueAtAfter(tenantId, this.trial.now()));
		}
		catch (TrialInstanceLimit.LimitReachedException ex) {
			this.audit.record(AuditLog.Action.INSTANCE_CREATE, client, tenantId, null, "trial-limit-reached");
			throw ex;
		}
		try (reservation) {
			return createOnZapi(client, tenantId, request);
		}
	}

	private CreatedInstance createOnZapi(String client, String tenantId, OnDemandInstanceRequest request) {
		ZapiInstance created;
		try {
			created = this.zapi.createInstance(request);
		}
		catch (RuntimeException ex) {
			this.audit.record(AuditLog.Action.INSTANCE_CREATE, client, tenantId, null, "failed");
			throw ex;
		}
		// PostgreSQL keeps microseconds: answer with what a later read will return
		Instant now = this.trial.now().truncatedTo(ChronoUnit.MICROS);
		Instant due = created.due();
		Instance instance;
		try {
			instance = this.instances
				.save(new Instance(tenantId, created.id(), this.cipher.seal(created.token(), created.id()), request,
						(due != null) ? due : this.trial.estimatedDue(now), due == null, now, client));
		}
		catch (RuntimeException ex) {
			// Z-API created (and bills) this instance; make it findable by an operator.
			log.error("Z-API created instance {} for tenant {} but it could not be stored", created.id(), tenantId, ex);
			this.audit.record(AuditLog.Action.INSTANCE_CREATE, client, tenantId, created.id(), "not-stored");
			throw ex;
		}
		this.audit.record(AuditLog.Action.INSTANCE_CREATE, client, tenantId, created.id(), "created");
		return new CreatedInstance(view(instance), created.token());
	}

	@Transactional(readOnly = true)
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
