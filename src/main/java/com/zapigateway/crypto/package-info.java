/**
 * Encryption at rest of instance tokens: AES-GCM under rotatable keys, the migration that
 * encrypted rows stored before it, and the operator's re-encryption under the active key.
 */
@NullMarked
package com.zapigateway.crypto;

import org.jspecify.annotations.NullMarked;
