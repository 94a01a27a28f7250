package com.zapigateway.subscription;

import com.zapigateway.shared.web.Problem;
import com.zapigateway.shared.web.ProblemException;

/**
 * The instance's state does not allow the operation (deleted, not subscribed, or another
 * call about it is in flight). Z-API was not called.
 */
class LifecycleConflictException extends ProblemException {

	private LifecycleConflictException(Problem problem, String instanceId) {
		super(problem, instanceId);
	}

	static LifecycleConflictException deleted(String instanceId) {
		return new LifecycleConflictException(Problem.INSTANCE_DELETED, instanceId);
	}

	static LifecycleConflictException notSubscribed(String instanceId) {
		return new LifecycleConflictException(Problem.INSTANCE_NOT_SUBSCRIBED, instanceId);
	}

	static LifecycleConflictException inProgress(String instanceId) {
		return new LifecycleConflictException(Problem.OPERATION_IN_PROGRESS, instanceId);
	}

}
