package com.zapigateway.creation;

import org.jspecify.annotations.Nullable;

/**
 * Stores an instance Z-API created (or that was found on Z-API and adopted). Implemented
 * by the instance feature; always called inside the transaction that marks the create
 * done, so both commit or neither does.
 */
public interface InstanceRecorder {

	/**
	 * Stores the instance unless an instance with its Z-API id is already stored.
	 * @param instance the instance
	 * @return what was stored, for the caller to answer from without reading it back, or
	 * {@code null} if an instance with that id was already stored
	 */
	@Nullable Recorded record(NewInstance instance);

	/**
	 * What the instance feature stored; opaque to the creation feature, which only hands
	 * it back in its {@link CreationResult}.
	 */
	interface Recorded {

	}

}
