package com.zapigateway.creation;

import java.time.Clock;
import java.util.Optional;

import javax.sql.DataSource;

import com.zapigateway.audit.AuditLog;
import com.zapigateway.idempotency.IdempotentRequest;
import com.zapigateway.idempotency.IdempotentRequests;
import com.zapigateway.instance.CreatedInstance;
import com.zapigateway.instance.Instances;
import com.zapigateway.instance.NewInstance;
import com.zapigateway.webhook.WebhookEvents;
import com.zapigateway.zapi.OnDemandInstanceRequest;
import com.zapigateway.zapi.ZapiListedInstance;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Adopts instances Z-API lists late: the exactly-once protocol concludes a create
 * "absent" when Z-API's list does not show its reference after
 * {@code gateway.idempotency.settle-time}; if Z-API lists the instance only later, a
 * retry has created again (a second billed instance) or the intent was marked failed, and
 * nothing else would ever store the first one. The sync, which reads Z-API's whole
 * listing, hands every listed instance the gateway does not hold to {@link #adopt}; this
 * class, which owns the gateway reference and the protocol, decides:
 * <ul>
 * <li>no reference in its name: made outside the gateway, {@link Outcome#UNREFERENCED}
 * (counted for operators, never assigned to a tenant);</li>
 * <li>a reference no kept intent has (purged after {@code key-retention}, or another
 * gateway's): {@link Outcome#UNKNOWN_REFERENCE}, counted the same way; the tenant is
 * never guessed;</li>
 * <li>its intent is DONE with another instance: stored under the intent's tenant as
 * {@code LATE_LISTED}, {@code duplicateOf} that instance, announced to the tenant's
 * webhook ({@code instance.duplicate_adopted}) so someone cancels or uses it;</li>
 * <li>its intent never produced an instance (FAILED, e.g. {@code NOT_ON_ZAPI}, or
 * PENDING/UNKNOWN whose lease ran out): it is the intent's own instance. It is stored as
 * {@code LATE_LISTED} without {@code duplicateOf} and the intent is marked DONE with it,
 * so a retry with that Idempotency-Key replays it instead of creating a second one (a
 * FAILED intent would otherwise let the retry create);</li>
 * <li>its intent is held (a create or a lookup in flight): {@link Outcome#IN_PROGRESS},
 * left to its holder; the next pass looks again.</li>
 * </ul>
 * Every adoption is one short JDBC transaction (intent, instance, audit row and webhook
 * event, each written by the module that owns its table), audited as
 * {@code instance.adopt} and counted in {@code gateway.instances.adopted}.
 */
@Service
public class LateListedInstances {

	private static final Logger log = LoggerFactory.getLogger(LateListedInstances.class);

	private final IdempotentRequests requests;

	private final Instances instances;

	private final WebhookEvents webhooks;

	private final AuditLog audit;

	private final JsonMapper jsonMapper;

	private final TransactionTemplate transaction;

	private final Clock clock;

	private final Counter duplicates;

	private final Counter own;

	LateListedInstances(IdempotentRequests requests, Instances instances, WebhookEvents webhooks, AuditLog audit,
			JsonMapper jsonMapper, DataSource dataSource, Clock clock, MeterRegistry meters) {
		this.requests = requests;
		this.instances = instances;
		this.webhooks = webhooks;
		this.audit = audit;
		this.jsonMapper = jsonMapper;
		// JDBC statements only: a JDBC transaction, like a create's finish
		this.transaction = new TransactionTemplate(new JdbcTransactionManager(dataSource));
		this.transaction.setName("creation-adopt-late-listed");
		this.clock = clock;
		this.duplicates = adopted(meters, true);
		this.own = adopted(meters, false);
	}

	private static Counter adopted(MeterRegistry meters, boolean duplicate) {
		return Counter.builder("gateway.instances.adopted")
			.description("Instances adopted from Z-API's listing after their create was concluded absent")
			.tag("adopted_as", "LATE_LISTED")
			.tag("duplicate", Boolean.toString(duplicate))
			.register(meters);
	}

	/**
	 * Adopts, if it should, an instance Z-API lists that the gateway does not hold.
	 * @param listed the instance as listed
	 * @return what was done
	 */
	public Outcome adopt(ZapiListedInstance listed) {
		String reference = GatewayReference.in(listed.name());
		IdempotentRequest intent = (reference != null) ? this.requests.findCreate(reference).orElse(null) : null;
		Decision decision = decide(reference, intent, listed.id());
		if (intent == null || reference == null) {
			return decision.outcome();
		}
		return switch (decision) {
			case DUPLICATE -> adoptDuplicate(listed, reference, intent);
			case OWN -> adoptOwn(listed, reference, intent);
			default -> decision.outcome();
		};
	}

	/**
	 * What to do with a listed instance the gateway does not hold.
	 * @param reference the gateway reference in its name, if any
	 * @param intent the create with that reference, if kept
	 * @param zapiId its Z-API id
	 * @return the decision
	 */
	static Decision decide(@Nullable String reference, @Nullable IdempotentRequest intent, String zapiId) {
		if (reference == null) {
			return Decision.UNREFERENCED;
		}
		if (intent == null) {
			return Decision.UNKNOWN_REFERENCE;
		}
		if (intent.state() == IdempotentRequest.State.DONE) {
			// the finish stores the instance with the DONE mark: the sync read the
			// listing just before that commit
			return zapiId.equals(intent.result()) ? Decision.HELD : Decision.DUPLICATE;
		}
		if (intent.leased()) {
			return Decision.IN_PROGRESS;
		}
		return Decision.OWN;
	}

	private Outcome adoptDuplicate(ZapiListedInstance listed, String reference, IdempotentRequest intent) {
		String duplicateOf = intent.result();
		if (duplicateOf == null) {
			throw new IllegalStateException("Create " + reference + " is done without a Z-API id");
		}
		NewInstance instance = newInstance(listed, reference, intent);
		AuditLog.Event event = this.audit.event(AuditLog.Action.INSTANCE_ADOPT, null, intent.tenantId(), listed.id(),
				"late-listed-duplicate");
		Optional<CreatedInstance> stored = this.transaction.execute((status) -> {
			Optional<CreatedInstance> inserted = this.instances.storeLateListed(instance, duplicateOf);
			if (inserted.isPresent()) {
				this.audit.insert(event);
				this.webhooks.duplicateAdopted(inserted.get().instance(), duplicateOf, this.clock.instant());
			}
			return inserted;
		});
		if (stored == null || stored.isEmpty()) {
			return Outcome.HELD;
		}
		this.audit.written(event);
		this.duplicates.increment();
		log.warn(
				"Z-API listed instance {} (reference {}) only after its create was concluded absent and made"
						+ " again: adopted for tenant {} as a duplicate of {} (billed; cancel or use it)",
				listed.id(), reference, intent.tenantId(), duplicateOf);
		return Outcome.ADOPTED_DUPLICATE;
	}

	private Outcome adoptOwn(ZapiListedInstance listed, String reference, IdempotentRequest found) {
		Optional<IdempotentRequest> claimed = this.requests.claimUnfinished(found.id());
		if (claimed.isEmpty()) {
			// taken by a retry or the reconciler in the meantime: theirs to finish
			return Outcome.IN_PROGRESS;
		}
		IdempotentRequest intent = claimed.get();
		NewInstance instance = newInstance(listed, reference, intent);
		AuditLog.Event event = this.audit.event(AuditLog.Action.INSTANCE_ADOPT, null, intent.tenantId(), listed.id(),
				"late-listed");
		Boolean adopted = this.transaction.execute((status) -> {
			if (!this.requests.markDone(intent.id(), listed.id())) {
				status.setRollbackOnly();
				return false;
			}
			if (this.instances.storeLateListed(instance, null).isEmpty()) {
				// stored meanwhile (its Z-API id is unique): the intent stays as it was
				status.setRollbackOnly();
				return false;
			}
			this.audit.insert(event);
			return true;
		});
		if (!Boolean.TRUE.equals(adopted)) {
			this.requests.release(intent.id());
			return Outcome.HELD;
		}
		this.audit.written(event);
		this.own.increment();
		log.warn(
				"Z-API listed instance {} (reference {}) only after its create was concluded absent ({}):"
						+ " adopted for tenant {} as the create's own; a retry with its key replays it",
				listed.id(), reference, intent.state(), intent.tenantId());
		return Outcome.ADOPTED_AS_INTENT;
	}

	private NewInstance newInstance(ZapiListedInstance listed, String reference, IdempotentRequest intent) {
		OnDemandInstanceRequest request = this.jsonMapper.readValue(intent.requestJson(),
				OnDemandInstanceRequest.class);
		return new NewInstance(intent.tenantId(), listed.id(), listed.token(),
				(request.name() != null) ? request.name() : "", GatewayReference.decorate(request, reference),
				listed.due(), intent.createdBy());
	}

	/**
	 * What {@link #decide} concluded, before anything was written.
	 */
	enum Decision {

		/** Held already (its create's finish committed meanwhile). */
		HELD(Outcome.HELD),

		/** Its create produced another instance: adopt as its duplicate. */
		DUPLICATE(Outcome.ADOPTED_DUPLICATE),

		/** Its create produced nothing: adopt as the create's own and finish it. */
		OWN(Outcome.ADOPTED_AS_INTENT),

		/** Its create is held by a request or the reconciler: look again next pass. */
		IN_PROGRESS(Outcome.IN_PROGRESS),

		/** Its reference matches no kept create. */
		UNKNOWN_REFERENCE(Outcome.UNKNOWN_REFERENCE),

		/** Its name carries no gateway reference. */
		UNREFERENCED(Outcome.UNREFERENCED);

		private final Outcome outcome;

		Decision(Outcome outcome) {
			this.outcome = outcome;
		}

		Outcome outcome() {
			return this.outcome;
		}

	}

	/**
	 * What {@link #adopt} did with a listed instance the gateway did not hold.
	 */
	public enum Outcome {

		/** Nothing: the gateway holds it (stored meanwhile). */
		HELD,

		/**
		 * Stored as a late-listed duplicate of the instance its create produced, audited,
		 * announced to the tenant's webhook.
		 */
		ADOPTED_DUPLICATE,

		/** Stored as its create's own instance, the create marked done with it. */
		ADOPTED_AS_INTENT,

		/** Nothing yet: its create is being resolved; the next pass looks again. */
		IN_PROGRESS,

		/**
		 * Nothing: its reference matches no create the gateway keeps (purged, or another
		 * gateway's); for operators, never assigned to a tenant by guess.
		 */
		UNKNOWN_REFERENCE,

		/**
		 * Nothing: its name carries no gateway reference (made outside the gateway); for
		 * operators.
		 */
		UNREFERENCED

	}

}
