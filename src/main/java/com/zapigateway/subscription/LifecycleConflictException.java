package com.zapigateway.subscription;

import com.zapigateway.shared.web.Problem;
import com.zapigateway.shared.web.ProblemException;

/**
 * The instance's state does not allow the operation (deleted, not subscribed, or another
 * call about it is in flight). Z-API was not called.
 */
class LifecycleConflictException extends ProblemException {

	private final String outcome;

	private LifecycleConflictException(Problem problem, String instanceId, String outcome) {
		super(problem, instanceId);
		this.outcome = outcome;
	}

	static LifecycleConflictException deleted(String instanceId) {
		return new LifecycleConflictException(Problem.INSTANCE_DELETED, instanceId, "deleted");
	}

	static LifecycleConflictException notSubscribed(String instanceId) {
		return new LifecycleConflictException(Problem.INSTANCE_NOT_SUBSCRIBED, instanceId, "not-subscribed");
	}

	static LifecycleConflictException notSubscribedToUpgrade(String instanceId) {
		return new LifecycleConflictException(Problem.INSTANCE_NOT_SUBSCRIBED_UPGRADE, instanceId, "not-subscribed");
	}

	static LifecycleConflictException inProgress(String instanceId) {
		return new LifecycleConflictException(Problem.OPERATION_IN_PROGRESS, instanceId, "in-progress");
	}

	/**
	 * The audit trail's outcome for this refusal.
	 * @return the outcome
	 */
	String outcome() {
		return this.outcome;
	}

}
