package com.zapigateway.instance;

import com.zapigateway.audit.AuditLog;
import com.zapigateway.security.ApiClient;

import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The operator's re-encryption, {@code POST /api/v1/admin/token-encryption/re-encrypt};
 * only clients configured with {@code operator: true} may call it (see the security
 * configuration).
 */
@RestController
class TokenReencryptionController {

	static final String PATH = "/api/v1/admin/token-encryption/re-encrypt";

	private final TokenReencryptionService service;

	private final AuditLog audit;

	TokenReencryptionController(TokenReencryptionService service, AuditLog audit) {
		this.service = service;
		this.audit = audit;
	}

	@PostMapping(path = PATH, produces = MediaType.APPLICATION_JSON_VALUE)
	TokenReencryptionService.ReencryptionResult reencrypt(@AuthenticationPrincipal ApiClient client) {
		try {
			TokenReencryptionService.ReencryptionResult result = this.service.reencryptAll();
			this.audit.record(AuditLog.Action.TOKEN_REENCRYPTION, client.name(), null, null,
					"reencrypted-" + result.reencrypted());
			return result;
		}
		catch (RuntimeException ex) {
			this.audit.record(AuditLog.Action.TOKEN_REENCRYPTION, client.name(), null, null, "failed");
			throw ex;
		}
	}

}
