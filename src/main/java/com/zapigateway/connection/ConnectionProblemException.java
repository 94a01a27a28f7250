package com.zapigateway.connection;

import com.zapigateway.shared.web.Problem;
import com.zapigateway.shared.web.ProblemException;

/**
 * A connection call refused by the gateway or answered without what was asked (the
 * instance is deleted, a phone is already connected, the QR code flow is spent).
 */
class ConnectionProblemException extends ProblemException {

	private ConnectionProblemException(Problem problem, Object... args) {
		super(problem, args);
	}

	/** Z-API deleted the instance: it was not called. */
	static ConnectionProblemException deleted(String instanceId) {
		return new ConnectionProblemException(Problem.INSTANCE_DELETED_CONNECTION, instanceId);
	}

	/** Z-API gave no QR code: a phone is connected. */
	static ConnectionProblemException alreadyConnected(String instanceId) {
		return new ConnectionProblemException(Problem.ALREADY_CONNECTED, instanceId);
	}

	/**
	 * The flow's codes are spent: Z-API was not called.
	 * @param served how many codes the flow got
	 * @param instanceId the instance
	 * @param retryAfterSeconds when the flow lapses by itself
	 */
	static ConnectionProblemException qrCodeLimit(int served, String instanceId, long retryAfterSeconds) {
		ConnectionProblemException ex = new ConnectionProblemException(Problem.QR_CODE_LIMIT, served, instanceId);
		ex.retryAfter(Math.max(1, retryAfterSeconds));
		return ex;
	}

}
