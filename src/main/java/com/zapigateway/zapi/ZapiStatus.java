package com.zapigateway.zapi;

import org.jspecify.annotations.Nullable;

/**
 * An instance's connection as Z-API's {@code /status} reported it.
 *
 * @param connected whether a phone is connected to the instance
 * @param smartphoneConnected whether that phone is online
 * @param error Z-API's explanation when either is false (e.g. "You need to restore the
 * session."), bounded and without control characters, or {@code null}
 */
public record ZapiStatus(boolean connected, boolean smartphoneConnected, @Nullable String error) {

}
