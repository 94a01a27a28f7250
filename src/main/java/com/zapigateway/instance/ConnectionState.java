package com.zapigateway.instance;

/**
 * An instance's phone connection as Z-API last reported it.
 */
public enum ConnectionState {

	/** A phone is connected to the instance. */
	CONNECTED,

	/** No phone is connected: it needs a QR code or a phone code. */
	DISCONNECTED,

	/**
	 * No phone is connected and Z-API says the session must be restored ("You need to
	 * restore the session."): a restart, then a new QR code if that does not bring it
	 * back.
	 */
	NEEDS_RESTORE

}
