package com.zapigateway.instance;

/**
 * Where an instance stands in its trial, computed at read time.
 */
public enum TrialStatus {

	/** More than the expiring-soon window is left. */
	ACTIVE,

	/** Less than the expiring-soon window is left. */
	EXPIRING_SOON,

	/** The due date has passed: Z-API deletes unsubscribed instances. */
	EXPIRED,

	/**
	 * Subscribed: no longer on trial. Reserved in the v1 contract; reported once the
	 * gateway syncs subscriptions with Z-API.
	 */
	SUBSCRIBED

}
