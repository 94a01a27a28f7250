package com.zapigateway.creation;

/**
 * Where a create stands.
 */
enum CreationState {

	/**
	 * Intent recorded; Z-API may be being called (or the caller crashed while it was).
	 */
	PENDING,

	/** The request reached Z-API (or may have) and no usable answer came back. */
	UNKNOWN,

	/** The instance is stored in the gateway. */
	DONE,

	/** Provably nothing was created on Z-API: the same key may try again. */
	FAILED

}
