package com.zapigateway.connection;

import java.time.Instant;

import com.zapigateway.instance.ConnectionState;
import org.jspecify.annotations.Nullable;

/**
 * An instance's connection as Z-API reported it just now.
 *
 * @param state {@code CONNECTED}, {@code DISCONNECTED}, or {@code NEEDS_RESTORE} (not
 * connected, and Z-API says the session must be restored)
 * @param connected whether a phone is connected to the instance
 * @param smartphoneConnected whether that phone is online
 * @param detail Z-API's explanation (e.g. "You need to restore the session."), or
 * {@code null}
 * @param checkedAt when Z-API reported it
 */
record ConnectionView(ConnectionState state, boolean connected, boolean smartphoneConnected, @Nullable String detail,
		Instant checkedAt) {
}
