package com.zapigateway.subscription;

import java.net.URI;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

import com.zapigateway.audit.AuditLog;
import com.zapigateway.zapi.ZapiGuard;
import com.zapigateway.zapi.ZapiUnavailableException;
import com.zapigateway.instance.Instances;
import com.zapigateway.instance.InstanceView;
import com.zapigateway.instance.Lifecycle;
import com.zapigateway.idempotency.IdempotencyKeyReusedException;
import com.zapigateway.idempotency.IdempotentRequest;
import com.zapigateway.idempotency.IdempotentRequest.Scope;
import com.zapigateway.idempotency.IdempotentRequestInProgressException;
import com.zapigateway.idempotency.IdempotentRequests;
import com.zapigateway.zapi.ZapiException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Service;
import org.springframework.web.ErrorResponse;

/**
 * Subscribe, cancel and the upgrade to calls, naturally idempotent: an instance already
 * in the asked-for state is answered as it is without calling Z-API. One Z-API call per
 * instance at a time ({@link InstanceOperations}, no transaction held while Z-API
 * answers); a claim whose holder died is taken over once a Z-API call could no longer be
 * running.
 * <p>
 * With an {@code Idempotency-Key}, the rules every keyed request follows
 * ({@link IdempotentRequests}): the key (per tenant) and the request's fingerprint are
 * committed before anything else; the first 200 answer is kept and replayed as is; a
 * different request under the key is 422, a request while the first is in flight (or its
 * unknown outcome is settling) 409. A failure is never kept as an answer: after one that
 * provably changed nothing (Z-API refused or was not called) the key may try again at
 * once; after one whose outcome is unknown (timeout, 5xx, ...) it may try again once
 * {@code gateway.idempotency.settle-time} has passed, which sends the call again
 * (subscribe, cancel and upgrade set a state: unlike a create, sending one twice makes
 * nothing twice).
 * <p>
 * Z-API is called through the {@link ZapiGuard} every Z-API call shares: one concurrency
 * limit and circuit breaker (503 {@code zapi-busy} / {@code zapi-circuit-open}, nothing
 * sent, the key free again at once), and retries of calls that provably never reached
 * Z-API only. Instance state is read and changed through {@link Instances}, the one
 * writer of {@code instances}.
 */
@Service
class SubscriptionService {

	static final String SUBSCRIBE = "SUBSCRIBE";

	static final String CANCEL = "CANCEL";

	static final String UPGRADE = "UPGRADE";

	private static final Logger log = LoggerFactory.getLogger(SubscriptionService.class);

	private final ZapiGuard zapi;

	private final Instances instances;

	private final AuditLog audit;

	private final InstanceOperations operations;

	private final Duration claimLease;

	private final IdempotentRequests requests;

	private final JsonMapper jsonMapper;

	private final ObjectReader storedAnswers;

	SubscriptionService(ZapiGuard zapi, Instances instances, AuditLog audit, InstanceOperations operations,
			IdempotentRequests requests, JsonMapper jsonMapper) {
		this.zapi = zapi;
		this.instances = instances;
		this.audit = audit;
		this.operations = operations;
		// a claim outlives the longest guarded call (retries of unsent calls included)
		this.claimLease = zapi.longestCall().plusSeconds(30);
		this.requests = requests;
		this.jsonMapper = jsonMapper;
		// an answer stored by an older version may carry a field since removed
		this.storedAnswers = jsonMapper.readerFor(InstanceView.class)
			.without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
	}

	/**
	 * Subscribes an instance through Z-API, unless it already is subscribed.
	 * @param idempotencyKey the caller's Idempotency-Key, or {@code null}
	 * @return the instance as it now is (or as the key's first answer had it)
	 */
	Answer subscribe(String client, String tenantId, String instanceId, @Nullable Boolean withCalls,
			@Nullable String idempotencyKey) {
		Change subscribe = new Change(AuditLog.Action.INSTANCE_SUBSCRIBE, SUBSCRIBE, (target) -> {
			if (target.lifecycle() == Lifecycle.SUBSCRIBED) {
				return "already-subscribed";
			}
			if (target.lifecycle() == Lifecycle.DELETED) {
				throw LifecycleConflictException.deleted(target.zapiId());
			}
			return null;
		}, (target) -> this.zapi.subscribe(target.zapiId(), target.token(), withCalls),
				(target) -> this.instances.subscribed(target, withCalls), "subscribed");
		return idempotent(client, AuditLog.Action.INSTANCE_SUBSCRIBE, tenantId, idempotencyKey,
				new KeyedRequest(SUBSCRIBE, instanceId, withCalls),
				() -> change(client, tenantId, instanceId, subscribe));
	}

	/**
	 * Cancels an instance's subscription through Z-API, unless it already is cancelled.
	 * @param idempotencyKey the caller's Idempotency-Key, or {@code null}
	 * @return the instance as it now is (or as the key's first answer had it)
	 */
	Answer cancel(String client, String tenantId, String instanceId, @Nullable String idempotencyKey) {
		Change cancel = new Change(AuditLog.Action.INSTANCE_CANCEL, CANCEL, (target) -> switch (target.lifecycle()) {
			case DELETED -> throw LifecycleConflictException.deleted(target.zapiId());
			case TRIAL -> throw LifecycleConflictException.notSubscribed(target.zapiId());
			case CANCELLED -> "already-cancelled";
			case SUBSCRIBED -> null;
		}, (target) -> this.zapi.cancel(target.zapiId(), target.token()), this.instances::cancelled, "cancelled");
		return idempotent(client, AuditLog.Action.INSTANCE_CANCEL, tenantId, idempotencyKey,
				new KeyedRequest(CANCEL, instanceId, null), () -> change(client, tenantId, instanceId, cancel));
	}

	/**
	 * Upgrades an instance's subscription to one with voice calls through Z-API, unless
	 * the gateway knows it already has them. Z-API cannot remove calls again, so the only
	 * upgrade there is is to {@code withCalls: true}. An instance whose calls are unknown
	 * (subscribed with Z-API's default or outside the gateway) is sent to Z-API. Assumed,
	 * as Z-API documents no answer for it: upgrading a subscription that already has
	 * calls sets the state it is in (a 2xx), or is refused (then 502, nothing recorded);
	 * either way nothing is billed twice. An account without calls is refused by Z-API:
	 * {@code zapi-request-rejected}.
	 * @param idempotencyKey the caller's Idempotency-Key, or {@code null}
	 * @return the instance as it now is (or as the key's first answer had it)
	 */
	Answer upgrade(String client, String tenantId, String instanceId, @Nullable String idempotencyKey) {
		Change upgrade = new Change(AuditLog.Action.INSTANCE_SUBSCRIPTION_UPGRADE, UPGRADE,
				(target) -> switch (target.lifecycle()) {
					case DELETED -> throw LifecycleConflictException.deleted(target.zapiId());
					// a cancelled subscription just runs out at its due date
					case TRIAL, CANCELLED -> throw LifecycleConflictException.notSubscribedToUpgrade(target.zapiId());
					case SUBSCRIBED -> Boolean.TRUE.equals(target.withCalls()) ? "already-upgraded" : null;
				}, (target) -> this.zapi.upgradeSubscription(target.zapiId(), target.token()),
				this.instances::upgradedToCalls, "upgraded");
		return idempotent(client, AuditLog.Action.INSTANCE_SUBSCRIPTION_UPGRADE, tenantId, idempotencyKey,
				new KeyedRequest(UPGRADE, instanceId, true), () -> change(client, tenantId, instanceId, upgrade));
	}

	/**
	 * Changes an instance's state through Z-API: refused or answered as it is when its
	 * state says so, otherwise claimed, checked again under the claim, called, recorded
	 * and audited.
	 */
	private InstanceView change(String client, String tenantId, String instanceId, Change change) {
		Instances.Target target = readable(client, change.action(), tenantId, instanceId);
		String settled = settled(client, change, target);
		if (settled != null) {
			this.audit.record(change.action(), client, tenantId, instanceId, settled);
			return this.instances.view(tenantId, instanceId);
		}
		InstanceOperations.Claim claim = claim(client, change.action(), target, change.operation());
		try {
			// re-read under the claim: another call may have finished in between
			target = this.instances.target(tenantId, instanceId);
			settled = settled(client, change, target);
			if (settled != null) {
				this.audit.record(change.action(), client, tenantId, instanceId, settled);
				return this.instances.view(tenantId, instanceId);
			}
			Instances.Target current = target;
			call(client, change.action(), current, () -> change.zapiCall().accept(current));
			InstanceView view = change.record().apply(current);
			this.audit.record(change.action(), client, tenantId, instanceId, change.done());
			return view;
		}
		finally {
			this.operations.release(claim);
		}
	}

	/**
	 * Whether the instance's state settles the change without calling Z-API.
	 * @return the audit outcome when the instance already is as asked, or {@code null}
	 * when Z-API is to be called
	 * @throws LifecycleConflictException (audited) when the state refuses the change
	 */
	private @Nullable String settled(String client, Change change, Instances.Target target) {
		try {
			return change.precondition().apply(target);
		}
		catch (LifecycleConflictException ex) {
			this.audit.record(change.action(), client, target.tenantId(), target.zapiId(), ex.outcome());
			throw ex;
		}
	}

	private Instances.Target readable(String client, AuditLog.Action action, String tenantId, String instanceId) {
		try {
			return this.instances.target(tenantId, instanceId);
		}
		catch (RuntimeException ex) {
			this.audit.record(action, client, tenantId, instanceId, "not-found");
			throw ex;
		}
	}

	private InstanceOperations.Claim claim(String client, AuditLog.Action action, Instances.Target target,
			String operation) {
		return this.operations.claim(target.zapiId(), operation, this.claimLease).orElseThrow(() -> {
			LifecycleConflictException refused = LifecycleConflictException.inProgress(target.zapiId());
			this.audit.record(action, client, target.tenantId(), target.zapiId(), refused.outcome());
			return refused;
		});
	}

	private void call(String client, AuditLog.Action action, Instances.Target target, Runnable zapiCall) {
		try {
			zapiCall.run();
		}
		catch (ZapiException | ZapiUnavailableException ex) {
			// uncertain: Z-API may have acted; the next sync confirms its payment status
			this.audit.record(action, client, target.tenantId(), target.zapiId(), ex.auditOutcome());
			throw ex;
		}
	}

	// --- Idempotency-Key

	private Answer idempotent(String client, AuditLog.Action action, String tenantId, @Nullable String idempotencyKey,
			KeyedRequest request, Supplier<InstanceView> work) {
		if (idempotencyKey == null) {
			return new Answer(work.get(), false);
		}
		String json = this.jsonMapper.writeValueAsString(request);
		IdempotentRequests.Opened opened;
		try {
			opened = this.requests.open(Scope.LIFECYCLE, tenantId, idempotencyKey, request::instanceId, json, client);
		}
		catch (IdempotencyKeyReusedException ex) {
			this.audit.record(action, client, tenantId, request.instanceId(), "key-reused");
			throw ex;
		}
		catch (IdempotentRequestInProgressException ex) {
			this.audit.record(action, client, tenantId, request.instanceId(), "key-in-progress");
			throw ex;
		}
		IdempotentRequest held = opened.request();
		return switch (opened.opening()) {
			case REPLAY -> replay(client, action, held);
			case TAKEN_OVER -> {
				// a failure, an unknown outcome that has settled, or an owner that died:
				// subscribe, cancel and upgrade set a state, so the call may simply run
				// again
				this.requests.beginAttempt(held.id());
				yield attempt(held, work);
			}
			case NEW -> attempt(held, work);
		};
	}

	private Answer replay(String client, AuditLog.Action action, IdempotentRequest done) {
		String result = done.result();
		if (result == null) {
			throw new IllegalStateException("Request " + done.id() + " is done without an answer");
		}
		InstanceView view = this.storedAnswers.readValue(result);
		this.audit.record(action, client, done.tenantId(), done.subject(), "replayed");
		return new Answer(view, true);
	}

	private Answer attempt(IdempotentRequest request, Supplier<InstanceView> work) {
		InstanceView view;
		try {
			view = work.get();
		}
		catch (ZapiException ex) {
			String failure = ex.failure().name();
			recordOutcome(ex, ex.failure().outcomeUncertain() ? () -> this.requests.markUnknown(request.id(), failure)
					: () -> this.requests.markFailed(request.id(), failure));
			throw ex;
		}
		catch (RuntimeException ex) {
			// refused before Z-API (404, 409, 503 zapi-busy or zapi-circuit-open) or
			// Z-API's answer not recorded: a retry runs again
			recordOutcome(ex, () -> this.requests.markFailed(request.id(), reason(ex)));
			throw ex;
		}
		String response = this.jsonMapper.writeValueAsString(view);
		recordOutcome(null, () -> this.requests.markDone(request.id(), response));
		return new Answer(view, false);
	}

	private static void recordOutcome(@Nullable RuntimeException failure, Runnable update) {
		try {
			update.run();
		}
		catch (RuntimeException ex) {
			// the key stays PENDING until its lease runs out; then a retry runs again
			if (failure != null) {
				failure.addSuppressed(ex);
			}
			log.error("Could not record the outcome of a request with an Idempotency-Key: {}", ex.getMessage());
		}
	}

	private static String reason(RuntimeException ex) {
		String reason = ex.getClass().getSimpleName();
		if (ex instanceof ErrorResponse problem) {
			URI type = problem.getBody().getType();
			String text = type.toString();
			reason = text.substring(text.lastIndexOf(':') + 1);
		}
		return (reason.length() > 40) ? reason.substring(0, 40) : reason;
	}

	/**
	 * What the fingerprint of a request with a key covers: the operation, the instance
	 * and the body.
	 *
	 * @param operation {@code SUBSCRIBE}, {@code CANCEL} or {@code UPGRADE}
	 * @param instanceId the instance
	 * @param withCalls the body's {@code withCalls} ({@code null} when absent, and for a
	 * cancel)
	 */
	record KeyedRequest(String operation, String instanceId, @Nullable Boolean withCalls) {
	}

	/**
	 * One change of an instance's state through Z-API.
	 *
	 * @param action what the audit trail records it as
	 * @param operation what the instance's claim names ({@link InstanceOperations})
	 * @param precondition whether the instance's state settles it without Z-API: the
	 * audit outcome when the instance already is as asked, {@code null} to call Z-API; a
	 * {@link LifecycleConflictException} when its state refuses it
	 * @param zapiCall the guarded Z-API call
	 * @param record records what Z-API confirmed, through {@link Instances}
	 * @param done the audit outcome once recorded
	 */
	private record Change(AuditLog.Action action, String operation,
			Function<Instances.Target, @Nullable String> precondition, Consumer<Instances.Target> zapiCall,
			Function<Instances.Target, InstanceView> record, String done) {
	}

	/**
	 * A subscribe's, cancel's or upgrade's answer.
	 *
	 * @param view the instance
	 * @param replayed whether it is the stored answer of an earlier request with the same
	 * Idempotency-Key (nothing was done for this request)
	 */
	record Answer(InstanceView view, boolean replayed) {
	}

}
