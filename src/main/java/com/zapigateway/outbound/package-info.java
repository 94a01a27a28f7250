/**
 * Where the gateway may send requests: one policy for every URL it stores or calls
 * ({@link com.zapigateway.outbound.OutboundUrlPolicy}), and the resolver that applies it
 * to the addresses a host name resolves to when a connection is opened
 * ({@link com.zapigateway.outbound.PolicyDnsResolver}).
 */
@NullMarked
package com.zapigateway.outbound;

import org.jspecify.annotations.NullMarked;
