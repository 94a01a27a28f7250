package com.zapigateway.instance;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import com.zapigateway.creation.InstanceRecorder;
import com.zapigateway.creation.InstanceRow;
import com.zapigateway.creation.NewInstance;
import com.zapigateway.crypto.TokenCipher;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * Prepares the instances the creation feature obtained from Z-API for storage: the token
 * sealed, the due date estimated when Z-API's was unreadable. The creation feature stores
 * the row in the statement that finishes the create.
 */
@Component
class SealingInstanceRecorder implements InstanceRecorder {

	private final TrialPolicy trial;

	private final TokenCipher cipher;

	private final JsonMapper jsonMapper;

	SealingInstanceRecorder(TrialPolicy trial, TokenCipher cipher, JsonMapper jsonMapper) {
		this.trial = trial;
		this.cipher = cipher;
		this.jsonMapper = jsonMapper;
	}

	@Override
	public Prepared prepare(NewInstance instance) {
		// PostgreSQL keeps microseconds: answer what a later read will return
		Instant now = this.trial.now().truncatedTo(ChronoUnit.MICROS);
		Instant due = (instance.due() != null) ? instance.due().truncatedTo(ChronoUnit.MICROS) : null;
		UUID id = UUID.randomUUID();
		Instance prepared = new Instance(id, instance.tenantId(), instance.zapiId(),
				this.cipher.seal(instance.token(), instance.zapiId()), instance.name(), instance.sentRequest(),
				(due != null) ? due : this.trial.estimatedDue(now), due == null, now, instance.createdBy());
		return new Prepared(prepared,
				new InstanceRow(id, prepared.getTenantId(), prepared.getZapiId(), prepared.getSealedToken(),
						prepared.getName(), prepared.getSessionName(),
						this.jsonMapper.writeValueAsString(prepared.getZapiRequest()), prepared.getDueAt(),
						prepared.isDueEstimated(), prepared.getCreatedAt(), prepared.getCreatedBy()));
	}

	/**
	 * A prepared instance: the row the creation feature stores, and the same instance as
	 * the entity a later read would return, to answer from once it is stored.
	 *
	 * @param instance the instance
	 * @param row its row
	 */
	record Prepared(Instance instance, InstanceRow row) implements Recorded {

	}

}
