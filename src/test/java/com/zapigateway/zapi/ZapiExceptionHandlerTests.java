package com.zapigateway.zapi;

import com.zapigateway.shared.web.Problem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;

class ZapiExceptionHandlerTests {

	@ParameterizedTest
	@EnumSource(ZapiException.Failure.class)
	void everyFailureIsAZapiProblemOfTheGatewayFamily(ZapiException.Failure failure) {
		Problem problem = ZapiExceptionHandler.problemOf(failure);

		assertThat(problem.type().toString()).contains(":zapi-");
		assertThat(problem.status().is5xxServerError()).isTrue();
	}

	@Test
	void aMissingClientTokenTellsOperatorsWhatToConfigure() {
		ResponseEntity<ProblemDetail> answer = new ZapiExceptionHandler()
			.handleZapi(new ZapiException(ZapiException.Failure.CLIENT_TOKEN_REQUIRED, 400, "Z-API answered 400"));

		assertThat(answer.getStatusCode().value()).isEqualTo(502);
		assertThat(answer.getBody().getType().toString()).endsWith(":zapi-client-token-required");
		assertThat(answer.getBody().getDetail()).contains("zapi.client-token", "ZAPI_CLIENT_TOKEN");
	}

}
