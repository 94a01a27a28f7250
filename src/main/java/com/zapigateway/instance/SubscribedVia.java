package com.zapigateway.instance;

/**
 * How the gateway learned an instance is subscribed.
 */
public enum SubscribedVia {

	/**
	 * Subscribed through the gateway ({@code POST .../subscription}, Z-API confirmed).
	 */
	GATEWAY,

	/**
	 * Subscribed outside the gateway: the sync saw Z-API list it, on trial in the
	 * gateway, with a payment status configured as subscribed
	 * ({@code gateway.sync.subscribed-payment-statuses}).
	 */
	SYNC

}
