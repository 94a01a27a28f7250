package com.zapigateway.webhook;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * The body of a webhook registration.
 *
 * @param url an https URL to a public host, as
 * {@link com.zapigateway.outbound.OutboundUrlPolicy} allows (checked by the service,
 * which knows about the loopback opt-in)
 */
record WebhookRegistration(@NotBlank @Size(max = 2048) String url) {
}
