package com.zapigateway.instance;

/**
 * Where an instance stands in its trial, computed at read time from its due date and
 * lifecycle.
 */
public enum TrialStatus {

	/** More than the expiring-soon window is left. */
	ACTIVE,

	/** Less than the expiring-soon window is left. */
	EXPIRING_SOON,

	/** The due date has passed: Z-API deletes unsubscribed instances. */
	EXPIRED,

	/**
	 * Subscribed through the gateway: no longer on trial. A cancelled subscription runs
	 * out like a trial (ACTIVE, EXPIRING_SOON, EXPIRED by its due date).
	 */
	SUBSCRIBED,

	/** Z-API deleted it (no longer listed after its due date). */
	DELETED

}
