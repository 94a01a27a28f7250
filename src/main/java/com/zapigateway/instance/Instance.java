package com.zapigateway.instance;

import java.time.Instant;
import java.util.UUID;

import com.zapigateway.zapi.OnDemandInstanceRequest;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
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

	@Override
	public String toString() {
		return "Instance[tenantId=" + this.tenantId + ", zapiId=" + this.zapiId + ", token=<redacted>, dueAt="
				+ this.dueAt + "]";
	}

}
