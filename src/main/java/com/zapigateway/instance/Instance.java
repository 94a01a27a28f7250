package com.zapigateway.instance;

import java.time.Instant;
import java.util.UUID;

import com.zapigateway.zapi.OnDemandInstanceRequest;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;
import org.jspecify.annotations.Nullable;

/**
 * A Z-API instance this gateway created, with its token and trial due date.
 */
@Entity
@Table(name = "instances")
class Instance {

	@Id
	@GeneratedValue(strategy = GenerationType.UUID)
	private @Nullable UUID id;

	@Column(nullable = false, updatable = false)
	private String tenantId;

	@Column(nullable = false, updatable = false, unique = true)
	private String zapiId;

	/** The token sealed by {@code TokenCipher} (never plaintext). */
	@Column(name = "token", nullable = false)
	private String sealedToken;

	@Column(nullable = false)
	private String name;

	private @Nullable String sessionName;

	/**
	 * Exactly what was sent to Z-API (only the fields the caller gave; the name carries
	 * the gateway reference, {@link #name} is the caller's).
	 */
	@JdbcTypeCode(SqlTypes.JSON)
	@Column(nullable = false, updatable = false)
	private OnDemandInstanceRequest zapiRequest;

	@Column(nullable = false)
	private Instant dueAt;

	/** {@code true} when Z-API's {@code due} was unreadable and dueAt was estimated. */
	@Column(nullable = false)
	private boolean dueEstimated;

	@Column(nullable = false, updatable = false)
	private Instant createdAt;

	@Column(nullable = false, updatable = false)
	private String createdBy;

	@Enumerated(EnumType.STRING)
	@Column(nullable = false)
	private Lifecycle lifecycle = Lifecycle.TRIAL;

	private @Nullable String paymentStatus;

	private @Nullable Instant confirmedAt;

	private @Nullable Instant subscribedAt;

	@Enumerated(EnumType.STRING)
	private @Nullable SubscribedVia subscribedVia;

	/**
	 * Whether the subscription includes voice calls, {@code null} when the gateway does
	 * not know (see {@link LifecycleView#withCalls()}).
	 */
	private @Nullable Boolean withCalls;

	private @Nullable Instant cancelledAt;

	private @Nullable Instant deletedAt;

	private @Nullable Instant unlistedAt;

	@Enumerated(EnumType.STRING)
	@Column(updatable = false)
	private @Nullable AdoptedAs adoptedAs;

	@Column(updatable = false)
	private @Nullable String duplicateOf;

	@Enumerated(EnumType.STRING)
	private @Nullable ConnectionState connectionState;

	private @Nullable Instant connectionCheckedAt;

	private @Nullable Instant firstConnectedAt;

	private @Nullable Instant lastConnectedAt;

	protected Instance() {
		// for JPA
		this.tenantId = "";
		this.zapiId = "";
		this.sealedToken = "";
		this.name = "";
		this.zapiRequest = OnDemandInstanceRequest.named("");
		this.dueAt = Instant.EPOCH;
		this.createdAt = Instant.EPOCH;
		this.createdBy = "";
	}

	Instance(String tenantId, String zapiId, String sealedToken, String name, OnDemandInstanceRequest zapiRequest,
			Instant dueAt, boolean dueEstimated, Instant createdAt, String createdBy) {
		this(null, tenantId, zapiId, sealedToken, name, zapiRequest, dueAt, dueEstimated, createdAt, createdBy);
	}

	/**
	 * An instance with its id chosen up front, for a row inserted by SQL rather than
	 * persisted (see {@link Instances#store}).
	 */
	Instance(@Nullable UUID id, String tenantId, String zapiId, String sealedToken, String name,
			OnDemandInstanceRequest zapiRequest, Instant dueAt, boolean dueEstimated, Instant createdAt,
			String createdBy) {
		this.id = id;
		this.tenantId = tenantId;
		this.zapiId = zapiId;
		this.sealedToken = sealedToken;
		this.name = name;
		this.sessionName = zapiRequest.sessionName();
		this.zapiRequest = zapiRequest;
		this.dueAt = dueAt;
		this.dueEstimated = dueEstimated;
		this.createdAt = createdAt;
		this.createdBy = createdBy;
	}

	@Nullable UUID getId() {
		return this.id;
	}

	String getTenantId() {
		return this.tenantId;
	}

	String getZapiId() {
		return this.zapiId;
	}

	String getSealedToken() {
		return this.sealedToken;
	}

	String getName() {
		return this.name;
	}

	@Nullable String getSessionName() {
		return this.sessionName;
	}

	OnDemandInstanceRequest getZapiRequest() {
		return this.zapiRequest;
	}

	Instant getDueAt() {
		return this.dueAt;
	}

	boolean isDueEstimated() {
		return this.dueEstimated;
	}

	Instant getCreatedAt() {
		return this.createdAt;
	}

	String getCreatedBy() {
		return this.createdBy;
	}

	Lifecycle getLifecycle() {
		return this.lifecycle;
	}

	@Nullable String getPaymentStatus() {
		return this.paymentStatus;
	}

	@Nullable Instant getConfirmedAt() {
		return this.confirmedAt;
	}

	@Nullable Instant getSubscribedAt() {
		return this.subscribedAt;
	}

	@Nullable SubscribedVia getSubscribedVia() {
		return this.subscribedVia;
	}

	@Nullable Boolean getWithCalls() {
		return this.withCalls;
	}

	@Nullable Instant getCancelledAt() {
		return this.cancelledAt;
	}

	@Nullable Instant getDeletedAt() {
		return this.deletedAt;
	}

	@Nullable AdoptedAs getAdoptedAs() {
		return this.adoptedAs;
	}

	@Nullable String getDuplicateOf() {
		return this.duplicateOf;
	}

	/**
	 * Marks a new instance (before it is inserted) as adopted from Z-API's listing after
	 * its create was concluded absent.
	 * @param duplicateOf the instance its create produced, if any
	 */
	void adoptedLateListed(@Nullable String duplicateOf) {
		this.adoptedAs = AdoptedAs.LATE_LISTED;
		this.duplicateOf = duplicateOf;
	}

	@Nullable ConnectionState getConnectionState() {
		return this.connectionState;
	}

	@Nullable Instant getConnectionCheckedAt() {
		return this.connectionCheckedAt;
	}

	@Nullable Instant getFirstConnectedAt() {
		return this.firstConnectedAt;
	}

	@Nullable Instant getLastConnectedAt() {
		return this.lastConnectedAt;
	}

	/**
	 * Z-API reported the phone connection (a status read, or an answer that implies it).
	 * An observation older than the one recorded is ignored: two calls about the same
	 * instance may finish out of order.
	 * @param state the state learned
	 * @param at when it was learned
	 * @return {@code true} if recorded
	 */
	boolean connectionChecked(ConnectionState state, Instant at) {
		if (this.connectionCheckedAt != null && this.connectionCheckedAt.isAfter(at)) {
			return false;
		}
		this.connectionState = state;
		this.connectionCheckedAt = at;
		if (state == ConnectionState.CONNECTED) {
			if (this.firstConnectedAt == null) {
				this.firstConnectedAt = at;
			}
			this.lastConnectedAt = at;
		}
		return true;
	}

	/**
	 * Z-API confirmed a subscription (its answer to subscribe).
	 * @param at when
	 * @param withCalls the {@code withCalls} sent, or {@code null} when none was sent
	 * (Z-API's default, undocumented: unknown)
	 */
	void subscribed(Instant at, @Nullable Boolean withCalls) {
		subscribed(at, SubscribedVia.GATEWAY, withCalls);
	}

	/**
	 * Z-API confirmed the upgrade of this instance's subscription to one with voice
	 * calls.
	 * @param at when
	 */
	void upgradedToCalls(Instant at) {
		this.withCalls = true;
		this.confirmedAt = at;
	}

	/**
	 * Z-API listed this instance, on trial here, with a payment status that means
	 * subscribed: it was subscribed outside the gateway.
	 * @param at when the listing was read
	 * @return {@code true} if it was on trial and is now subscribed
	 */
	boolean subscribedOutsideGateway(Instant at) {
		if (this.lifecycle != Lifecycle.TRIAL) {
			return false;
		}
		// Z-API's listing does not say whether a subscription includes calls
		subscribed(at, SubscribedVia.SYNC, null);
		return true;
	}

	private void subscribed(Instant at, SubscribedVia via, @Nullable Boolean withCalls) {
		this.lifecycle = Lifecycle.SUBSCRIBED;
		this.subscribedAt = at;
		this.subscribedVia = via;
		this.withCalls = withCalls;
		this.cancelledAt = null;
		this.confirmedAt = at;
	}

	/**
	 * Z-API confirmed a cancellation: the instance runs until its due date.
	 * @param at when
	 */
	void cancelled(Instant at) {
		// withCalls is kept: it describes the subscription that was cancelled, as
		// subscribedAt does (a new subscribe sets it again)
		this.lifecycle = Lifecycle.CANCELLED;
		this.cancelledAt = at;
		this.confirmedAt = at;
	}

	/**
	 * Z-API listed this instance: take its due date and payment status as the truth.
	 * @param due the listed due date, or {@code null} if unreadable (kept as it was)
	 * @param paymentStatus the listed payment status
	 * @param at when the listing was read
	 */
	void listed(@Nullable Instant due, @Nullable String paymentStatus, Instant at) {
		if (due != null) {
			this.dueAt = due;
			this.dueEstimated = false;
		}
		this.paymentStatus = paymentStatus;
		this.confirmedAt = at;
		this.unlistedAt = null;
		if (this.lifecycle == Lifecycle.DELETED) {
			// listed again: it was not gone after all
			this.lifecycle = (this.subscribedAt == null) ? Lifecycle.TRIAL
					: (this.cancelledAt != null) ? Lifecycle.CANCELLED : Lifecycle.SUBSCRIBED;
			this.deletedAt = null;
		}
	}

	/**
	 * A complete listing did not show this instance, past its due date.
	 * @param at when
	 * @param listedSince when that listing started
	 * @return {@code true} if this was the second listing in a row (now deleted)
	 */
	boolean unlisted(Instant at, Instant listedSince) {
		if (this.unlistedAt != null && this.unlistedAt.isBefore(listedSince)) {
			deleted(at);
			return true;
		}
		if (this.unlistedAt == null) {
			this.unlistedAt = at;
		}
		return false;
	}

	/**
	 * Z-API no longer lists this instance after its due date: it deleted it.
	 * @param at when the complete listing was read
	 */
	void deleted(Instant at) {
		this.lifecycle = Lifecycle.DELETED;
		this.deletedAt = at;
		this.confirmedAt = at;
	}

	@Override
	public String toString() {
		return "Instance[tenantId=" + this.tenantId + ", zapiId=" + this.zapiId + ", token=<redacted>, dueAt="
				+ this.dueAt + ", lifecycle=" + this.lifecycle + "]";
	}

}
