package com.zapigateway.webhook;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * The body of a webhook registration.
 *
 * @param url an absolute https URL with a host and no credentials
 */
record WebhookRegistration(@NotBlank @Size(max = 2048) String url) {
}
