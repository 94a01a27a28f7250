package com.zapigateway.subscription;

import java.time.Duration;

import com.zapigateway.audit.AuditLog;
import com.zapigateway.instance.InstanceLifecycle;
import com.zapigateway.instance.InstanceView;
import com.zapigateway.instance.Lifecycle;
import com.zapigateway.zapi.ZapiClient;
import com.zapigateway.zapi.ZapiException;
import com.zapigateway.zapi.ZapiProperties;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Service;

/**
 * Subscribe and cancel, naturally idempotent: an instance already in the asked-for state
 * is answered as it is without calling Z-API. One Z-API call per instance at a time
 * (claimed in the database, no transaction held while Z-API answers); a claim whose
 * holder died is taken over once a Z-API call could no longer be running.
 */
@Service
class SubscriptionService {

	static final String SUBSCRIBE = "SUBSCRIBE";

	static final String CANCEL = "CANCEL";

	private final ZapiClient zapi;

	private final InstanceLifecycle instances;

	private final AuditLog audit;

	private final Duration staleAfter;

	SubscriptionService(ZapiClient zapi, InstanceLifecycle instances, AuditLog audit, ZapiProperties zapiProperties) {
		this.zapi = zapi;
		this.instances = instances;
		this.audit = audit;
		this.staleAfter = zapiProperties.connectTimeout().plus(zapiProperties.readTimeout()).plusSeconds(30);
	}

	InstanceView subscribe(String client, String tenantId, String instanceId, @Nullable Boolean withCalls) {
		InstanceLifecycle.Target target = readable(client, AuditLog.Action.INSTANCE_SUBSCRIBE, tenantId, instanceId);
		if (target.lifecycle() == Lifecycle.SUBSCRIBED) {
			this.audit.record(AuditLog.Action.INSTANCE_SUBSCRIBE, client, tenantId, instanceId, "already-subscribed");
			return this.instances.view(tenantId, instanceId);
		}
		if (target.lifecycle() == Lifecycle.DELETED) {
			this.audit.record(AuditLog.Action.INSTANCE_SUBSCRIBE, client, tenantId, instanceId, "deleted");
			throw LifecycleConflictException.deleted(instanceId);
		}
		claim(client, AuditLog.Action.INSTANCE_SUBSCRIBE, target, SUBSCRIBE);
		try {
			// re-read under the claim: another call may have finished in between
			target = this.instances.target(tenantId, instanceId);
			if (target.lifecycle() == Lifecycle.SUBSCRIBED) {
				this.audit.record(AuditLog.Action.INSTANCE_SUBSCRIBE, client, tenantId, instanceId,
						"already-subscribed");
				return this.instances.view(tenantId, instanceId);
			}
			InstanceLifecycle.Target current = target;
			call(client, AuditLog.Action.INSTANCE_SUBSCRIBE, current,
					() -> this.zapi.subscribe(current.zapiId(), current.token(), withCalls));
			InstanceView view = this.instances.subscribed(target);
			this.audit.record(AuditLog.Action.INSTANCE_SUBSCRIBE, client, tenantId, instanceId, "subscribed");
			return view;
		}
		finally {
			this.instances.release(target, SUBSCRIBE);
		}
	}

	InstanceView cancel(String client, String tenantId, String instanceId) {
		InstanceLifecycle.Target target = readable(client, AuditLog.Action.INSTANCE_CANCEL, tenantId, instanceId);
		checkCancellable(client, target);
		if (target.lifecycle() == Lifecycle.CANCELLED) {
			this.audit.record(AuditLog.Action.INSTANCE_CANCEL, client, tenantId, instanceId, "already-cancelled");
			return this.instances.view(tenantId, instanceId);
		}
		claim(client, AuditLog.Action.INSTANCE_CANCEL, target, CANCEL);
		try {
			target = this.instances.target(tenantId, instanceId);
			checkCancellable(client, target);
			if (target.lifecycle() == Lifecycle.CANCELLED) {
				this.audit.record(AuditLog.Action.INSTANCE_CANCEL, client, tenantId, instanceId, "already-cancelled");
				return this.instances.view(tenantId, instanceId);
			}
			InstanceLifecycle.Target current = target;
			call(client, AuditLog.Action.INSTANCE_CANCEL, current,
					() -> this.zapi.cancel(current.zapiId(), current.token()));
			InstanceView view = this.instances.cancelled(target);
			this.audit.record(AuditLog.Action.INSTANCE_CANCEL, client, tenantId, instanceId, "cancelled");
			return view;
		}
		finally {
			this.instances.release(target, CANCEL);
		}
	}

	private void checkCancellable(String client, InstanceLifecycle.Target target) {
		if (target.lifecycle() == Lifecycle.DELETED) {
			this.audit.record(AuditLog.Action.INSTANCE_CANCEL, client, target.tenantId(), target.zapiId(), "deleted");
			throw LifecycleConflictException.deleted(target.zapiId());
		}
		if (target.lifecycle() == Lifecycle.TRIAL) {
			this.audit.record(AuditLog.Action.INSTANCE_CANCEL, client, target.tenantId(), target.zapiId(),
					"not-subscribed");
			throw LifecycleConflictException.notSubscribed(target.zapiId());
		}
	}

	private InstanceLifecycle.Target readable(String client, AuditLog.Action action, String tenantId,
			String instanceId) {
		try {
			return this.instances.target(tenantId, instanceId);
		}
		catch (RuntimeException ex) {
			this.audit.record(action, client, tenantId, instanceId, "not-found");
			throw ex;
		}
	}

	private void claim(String client, AuditLog.Action action, InstanceLifecycle.Target target, String operation) {
		if (!this.instances.claim(target, operation, this.staleAfter)) {
			this.audit.record(action, client, target.tenantId(), target.zapiId(), "in-progress");
			throw LifecycleConflictException.inProgress(target.zapiId());
		}
	}

	private void call(String client, AuditLog.Action action, InstanceLifecycle.Target target, Runnable zapiCall) {
		try {
			zapiCall.run();
		}
		catch (ZapiException ex) {
			// uncertain: Z-API may have acted; the next sync confirms its payment status
			this.audit.record(action, client, target.tenantId(), target.zapiId(),
					ex.failure().outcomeUncertain() ? "uncertain" : "failed");
			throw ex;
		}
	}

}
