/**
 * The instances the gateway created: the aggregate and its one facade
 * ({@link Instances}), trial status and views, the tenant summary and metrics, and the
 * instance tokens' encryption at rest (AES-GCM under rotatable keys, with the operator's
 * re-encryption under the active key). The only writer of {@code instances}.
 */
@NullMarked
package com.zapigateway.instance;

import org.jspecify.annotations.NullMarked;
