/**
 * Per-tenant dashboard numbers.
 */
@NullMarked
package com.zapigateway.summary;

import org.jspecify.annotations.NullMarked;
