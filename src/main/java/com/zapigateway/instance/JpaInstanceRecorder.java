package com.zapigateway.instance;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import com.zapigateway.creation.InstanceRecorder;
import com.zapigateway.creation.NewInstance;
import com.zapigateway.crypto.TokenCipher;

import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Stores the instances the creation feature obtained from Z-API (token sealed), inside
 * its transaction.
 */
@Component
class JpaInstanceRecorder implements InstanceRecorder {

	private final InstanceRepository instances;

	private final TrialPolicy trial;

	private final TokenCipher cipher;

	JpaInstanceRecorder(InstanceRepository instances, TrialPolicy trial, TokenCipher cipher) {
		this.instances = instances;
		this.trial = trial;
		this.cipher = cipher;
	}

	@Override
	@Transactional(propagation = Propagation.MANDATORY)
	public @Nullable Instance record(NewInstance instance) {
		if (this.instances.existsByZapiId(instance.zapiId())) {
			return null;
		}
		// PostgreSQL keeps microseconds: store what a later read will return
		Instant now = this.trial.now().truncatedTo(ChronoUnit.MICROS);
		Instant due = instance.due();
		return this.instances.saveAndFlush(new Instance(instance.tenantId(), instance.zapiId(),
				this.cipher.seal(instance.token(), instance.zapiId()), instance.name(), instance.sentRequest(),
				(due != null) ? due : this.trial.estimatedDue(now), due == null, now, instance.createdBy()));
	}

}
