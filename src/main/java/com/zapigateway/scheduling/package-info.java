/**
 * Scheduled jobs switch.
 */
@NullMarked
package com.zapigateway.scheduling;

import org.jspecify.annotations.NullMarked;
