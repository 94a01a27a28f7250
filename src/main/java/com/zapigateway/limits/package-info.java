/**
 * Abuse limits that keep a runaway caller from running up Z-API's bill.
 */
@NullMarked
package com.zapigateway.limits;

import org.jspecify.annotations.NullMarked;
