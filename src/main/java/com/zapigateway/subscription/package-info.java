/**
 * Subscribing, cancelling and upgrading (to voice calls) instances through Z-API's
 * partner API. It reads and changes instances only through {@code instance}'s facade,
 * keeps its Idempotency-Keys with {@code idempotency}, and owns the claim that lets one
 * Z-API call per instance run at a time; nothing calls back into it.
 */
@ApplicationModule(allowedDependencies = { "instance", "idempotency", "zapi", "audit", "security", "shared :: web" })
@NullMarked
package com.zapigateway.subscription;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
