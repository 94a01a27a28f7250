package com.zapigateway.subscription;

import java.net.URI;

import com.zapigateway.shared.web.ProblemTypes;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * The instance's state does not allow the operation (deleted, not subscribed, or another
 * call about it is in flight). Z-API was not called.
 */
class LifecycleConflictException extends ErrorResponseException {

	private LifecycleConflictException(URI type, String title, String detail, HttpHeaders headers) {
		super(HttpStatus.CONFLICT, ProblemTypes.create(HttpStatus.CONFLICT, type, title, detail), null);
		getHeaders().addAll(headers);
	}

	static LifecycleConflictException deleted(String instanceId) {
		return new LifecycleConflictException(ProblemTypes.INSTANCE_DELETED, "Instance deleted",
				"Z-API deleted instance " + instanceId + "; it can no longer be subscribed or cancelled",
				HttpHeaders.EMPTY);
	}

	static LifecycleConflictException notSubscribed(String instanceId) {
		return new LifecycleConflictException(ProblemTypes.INSTANCE_NOT_SUBSCRIBED, "Instance not subscribed",
				"Instance " + instanceId + " has no subscription to cancel", HttpHeaders.EMPTY);
	}

	static LifecycleConflictException inProgress(String instanceId) {
		HttpHeaders headers = new HttpHeaders();
		headers.set(HttpHeaders.RETRY_AFTER, "5");
		return new LifecycleConflictException(ProblemTypes.OPERATION_IN_PROGRESS, "Operation in progress",
				"Another subscribe or cancel of instance " + instanceId + " is in progress; retry later", headers);
	}

}
