package com.zapigateway.instance;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import com.zapigateway.creation.InstanceRecorder;
import com.zapigateway.creation.NewInstance;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Stores the instances the creation feature obtained from Z-API, inside its transaction.
 */
@Component
class JpaInstanceRecorder implements InstanceRecorder {

	private final InstanceRepository instances;

	private final TrialPolicy trial;

	JpaInstanceRecorder(InstanceRepository instances, TrialPolicy trial) {
		this.instances = instances;
		this.trial = trial;
	}

	@Override
	@Transactional(propagation = Propagation.MANDATORY)
	public boolean record(NewInstance instance) {
		if (this.instances.existsByZapiId(instance.zapiId())) {
			return false;
		}
		// PostgreSQL keeps microseconds: store what a later read will return
		Instant now = this.trial.now().truncatedTo(ChronoUnit.MICROS);
		Instant due = instance.due();
		this.instances.saveAndFlush(new Instance(instance.tenantId(), instance.zapiId(), instance.token(),
				instance.name(), instance.sentRequest(), (due != null) ? due : this.trial.estimatedDue(now),
				due == null, now, instance.createdBy()));
		return true;
	}

}
