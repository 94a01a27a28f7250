/**
 * Connecting a phone to an instance and running its session through the gateway: the
 * connection's status, QR codes (paced per instance as Z-API asks), phone codes, restart
 * and disconnect, so that no caller needs the instance token or the account's
 * Client-Token. Every Z-API call goes through {@code zapi}'s guard; what a call learns of
 * the connection is recorded through {@code instance}'s facade, the one writer of
 * {@code instances}; nothing calls back into it.
 */
@ApplicationModule(allowedDependencies = { "instance", "zapi", "audit", "security", "shared :: web" })
@NullMarked
package com.zapigateway.connection;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
