package com.zapigateway.creation;

/**
 * Stores an instance Z-API created (or that was found on Z-API and adopted). Implemented
 * by the instance feature; always called inside the transaction that marks the create
 * done, so both commit or neither does.
 */
public interface InstanceRecorder {

	/**
	 * Stores the instance unless an instance with its Z-API id is already stored.
	 * @param instance the instance
	 * @return {@code false} if it was already stored
	 */
	boolean record(NewInstance instance);

}
