package com.zapigateway.instance;

/**
 * What happened to an instance on Z-API since the gateway created it.
 */
public enum Lifecycle {

	/** As created: on trial until its due date. */
	TRIAL,

	/**
	 * Subscribed (through the gateway, or outside it as the sync found): paid until its
	 * due date, renewed by Z-API.
	 */
	SUBSCRIBED,

	/** Subscription cancelled: usable until its due date, then Z-API deletes it. */
	CANCELLED,

	/** Z-API no longer lists it after its due date: deleted. */
	DELETED

}
