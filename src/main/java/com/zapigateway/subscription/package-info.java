/**
 * Subscribing and cancelling instances through Z-API's partner API.
 */
@NullMarked
package com.zapigateway.subscription;

import org.jspecify.annotations.NullMarked;
