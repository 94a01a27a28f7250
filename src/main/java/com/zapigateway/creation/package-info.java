/**
 * Creating a billed Z-API instance exactly once: the create endpoint, the intent recorded
 * (as an idempotent request) before Z-API is called, unknown outcomes, and reconciliation
 * against Z-API's partner list. See {@code docs/reliability.md}.
 */
@NullMarked
package com.zapigateway.creation;

import org.jspecify.annotations.NullMarked;
