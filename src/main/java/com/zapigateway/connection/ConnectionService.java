package com.zapigateway.connection;

import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.function.Supplier;

import com.zapigateway.audit.AuditLog;
import com.zapigateway.instance.ConnectionState;
import com.zapigateway.instance.Instances;
import com.zapigateway.instance.Lifecycle;
import com.zapigateway.zapi.ZapiException;
import com.zapigateway.zapi.ZapiGuard;
import com.zapigateway.zapi.ZapiPhoneCode;
import com.zapigateway.zapi.ZapiStatus;
import com.zapigateway.zapi.ZapiUnavailableException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;

/**
 * The connection calls of a tenant's instance, each through the {@link ZapiGuard} every
 * Z-API call shares (its failures answer 502/503/504), with the instance token read
 * through {@link Instances} (never given to the caller) and every call audited. A deleted
 * instance is refused without calling Z-API. What a call learns of the connection is
 * recorded on the instance ({@link Instances#connectionChecked}): a status read, a QR
 * code request Z-API answers "already connected", a restart (followed by a status read)
 * and a disconnect.
 * <p>
 * None of these calls is claimed per instance like a subscribe: they change no billing
 * and Z-API takes them again safely; QR codes are paced per instance by
 * {@link QrCodeFlows}.
 */
@Service
class ConnectionService {

	private static final Logger log = LoggerFactory.getLogger(ConnectionService.class);

	private final ZapiGuard zapi;

	private final Instances instances;

	private final AuditLog audit;

	private final QrCodeFlows flows;

	private final Clock clock;

	ConnectionService(ZapiGuard zapi, Instances instances, AuditLog audit, QrCodeFlows flows, Clock clock) {
		this.zapi = zapi;
		this.instances = instances;
		this.audit = audit;
		this.flows = flows;
		this.clock = clock;
	}

	/**
	 * The connection as Z-API reports it now ({@code /status}), recorded on the instance.
	 * @return the connection
	 */
	ConnectionView status(String client, String tenantId, String instanceId) {
		AuditLog.Action action = AuditLog.Action.CONNECTION_STATUS;
		Instances.Target target = connectable(client, action, tenantId, instanceId);
		ZapiStatus status = call(client, action, target, () -> this.zapi.status(target.zapiId(), target.token()));
		ConnectionView view = checked(target, status);
		this.audit.record(action, client, tenantId, target.zapiId(), outcome(view.state()));
		return view;
	}

	/**
	 * The instance's next QR code, paced by its flow ({@link QrCodeFlows}).
	 * @param restart start a new flow
	 * @return the PNG image
	 * @throws ConnectionProblemException 409 when a phone is already connected
	 * (recorded), 429 when the flow is spent
	 */
	byte[] qrCode(String client, String tenantId, String instanceId, boolean restart) {
		AuditLog.Action action = AuditLog.Action.CONNECTION_QR_CODE;
		Instances.Target target = connectable(client, action, tenantId, instanceId);
		QrCodeFlows.Outcome outcome = this.flows.next(target.zapiId(), restart,
				() -> call(client, action, target, () -> this.zapi.qrCode(target.zapiId(), target.token())));
		if (outcome instanceof QrCodeFlows.Outcome.Code code) {
			this.audit.record(action, client, tenantId, target.zapiId(), code.repeated() ? "repeated" : "served");
			return code.png();
		}
		if (outcome instanceof QrCodeFlows.Outcome.Spent spent) {
			this.audit.record(action, client, tenantId, target.zapiId(), "limit");
			throw ConnectionProblemException.qrCodeLimit(spent.served(), target.zapiId(), spent.retryAfterSeconds());
		}
		this.instances.connectionChecked(target, ConnectionState.CONNECTED, this.clock.instant());
		this.audit.record(action, client, tenantId, target.zapiId(), "already-connected");
		throw ConnectionProblemException.alreadyConnected(target.zapiId());
	}

	/**
	 * A code to connect the phone with this number without a QR code
	 * ({@code /phone-code/{phone}}). The number is logged masked only.
	 * @param phone the number, digits only
	 * @return the code
	 * @throws ConnectionProblemException 409 when a phone is already connected (recorded)
	 */
	String phoneCode(String client, String tenantId, String instanceId, String phone) {
		AuditLog.Action action = AuditLog.Action.CONNECTION_PHONE_CODE;
		Instances.Target target = connectable(client, action, tenantId, instanceId);
		log.info("Phone code requested for instance {} and phone {}", target.zapiId(), PhoneCodeRequest.masked(phone));
		ZapiPhoneCode code = call(client, action, target,
				() -> this.zapi.phoneCode(target.zapiId(), target.token(), phone));
		if (code.alreadyConnected()) {
			this.instances.connectionChecked(target, ConnectionState.CONNECTED, this.clock.instant());
			this.audit.record(action, client, tenantId, target.zapiId(), "already-connected");
			throw ConnectionProblemException.alreadyConnected(target.zapiId());
		}
		this.audit.record(action, client, tenantId, target.zapiId(), "served");
		return code.code();
	}

	/**
	 * Restarts the instance's session ({@code /restart}), then reads its status (the
	 * restart's answer says nothing of the connection), recorded on the instance. The QR
	 * code flow starts anew. If the restart was sent but the status read fails, that
	 * failure is answered: the restart may have happened.
	 * @return the connection after the restart
	 */
	ConnectionView restart(String client, String tenantId, String instanceId) {
		AuditLog.Action action = AuditLog.Action.CONNECTION_RESTART;
		Instances.Target target = connectable(client, action, tenantId, instanceId);
		call(client, action, target, () -> {
			this.zapi.restart(target.zapiId(), target.token());
			return null;
		});
		this.flows.forget(target.zapiId());
		ZapiStatus status = call(client, action, target, () -> this.zapi.status(target.zapiId(), target.token()));
		ConnectionView view = checked(target, status);
		this.audit.record(action, client, tenantId, target.zapiId(), "restarted-" + outcome(view.state()));
		return view;
	}

	/**
	 * Disconnects the phone ({@code /disconnect}): the instance is then
	 * {@code DISCONNECTED} (derived from Z-API's confirmation, not read again), recorded.
	 * The QR code flow starts anew.
	 * @return the connection after the disconnect
	 */
	ConnectionView disconnect(String client, String tenantId, String instanceId) {
		AuditLog.Action action = AuditLog.Action.CONNECTION_DISCONNECT;
		Instances.Target target = connectable(client, action, tenantId, instanceId);
		call(client, action, target, () -> {
			this.zapi.disconnect(target.zapiId(), target.token());
			return null;
		});
		this.flows.forget(target.zapiId());
		Instant at = this.clock.instant();
		this.instances.connectionChecked(target, ConnectionState.DISCONNECTED, at);
		this.audit.record(action, client, tenantId, target.zapiId(), "disconnected");
		return new ConnectionView(ConnectionState.DISCONNECTED, false, false, null, at);
	}

	/**
	 * The state Z-API's status means. Z-API documents its {@code error} texts only by
	 * example ("You are already connected.", "You need to restore the session.", "You are
	 * not connected."): a text that mentions "restore" (compared case-insensitively, in
	 * whatever words or language) is read as a session to restore; any other, or none,
	 * with {@code connected} false as plainly disconnected.
	 * @param status Z-API's status
	 * @return the state
	 */
	static ConnectionState stateOf(ZapiStatus status) {
		if (status.connected()) {
			return ConnectionState.CONNECTED;
		}
		String error = status.error();
		if (error != null && error.toLowerCase(Locale.ROOT).contains("restore")) {
			return ConnectionState.NEEDS_RESTORE;
		}
		return ConnectionState.DISCONNECTED;
	}

	private ConnectionView checked(Instances.Target target, ZapiStatus status) {
		ConnectionState state = stateOf(status);
		Instant at = this.clock.instant();
		this.instances.connectionChecked(target, state, at);
		if (state == ConnectionState.CONNECTED) {
			// a phone connected: a later QR code request starts a new flow
			this.flows.forget(target.zapiId());
		}
		return new ConnectionView(state, status.connected(), status.smartphoneConnected(), status.error(), at);
	}

	private Instances.Target connectable(String client, AuditLog.Action action, String tenantId, String instanceId) {
		Instances.Target target;
		try {
			target = this.instances.target(tenantId, instanceId);
		}
		catch (RuntimeException ex) {
			this.audit.record(action, client, tenantId, instanceId, "not-found");
			throw ex;
		}
		if (target.lifecycle() == Lifecycle.DELETED) {
			this.audit.record(action, client, tenantId, instanceId, "deleted");
			throw ConnectionProblemException.deleted(instanceId);
		}
		return target;
	}

	private <T extends @Nullable Object> T call(String client, AuditLog.Action action, Instances.Target target,
			Supplier<T> zapiCall) {
		try {
			return zapiCall.get();
		}
		catch (ZapiException | ZapiUnavailableException ex) {
			this.audit.record(action, client, target.tenantId(), target.zapiId(), ex.auditOutcome());
			throw ex;
		}
	}

	private static String outcome(ConnectionState state) {
		return state.name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

}
