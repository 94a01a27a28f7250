package com.zapigateway.shared.web;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the container's error page answers for a failure it was forwarded: the failure's
 * status, with its type from the one catalogue, as problem+json; and a 404 when there is
 * no failure (a direct request).
 */
class ProblemErrorControllerTests {

	private final ProblemErrorController controller = new ProblemErrorController();

	@ParameterizedTest
	@CsvSource({ "400, malformed-request", "401, unauthorized", "404, not-found", "405, method-not-allowed",
			"413, payload-too-large", "418, malformed-request", "500, internal", "503, internal" })
	void answersAForwardedFailureWithItsStatusAndType(int status, String type) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/error");
		request.setDispatcherType(DispatcherType.ERROR);
		request.setAttribute(RequestDispatcher.ERROR_STATUS_CODE, status);
		request.setAttribute(RequestDispatcher.ERROR_REQUEST_URI, "/api/v1/tenants/acme/instances");

		ResponseEntity<ProblemDetail> answer = this.controller.error(request);

		assertThat(answer.getStatusCode().value()).isEqualTo(status);
		assertThat(answer.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(answer.getBody().getType()).hasToString("urn:zapi-gateway:problem:" + type);
		assertThat(answer.getBody().getStatus()).isEqualTo(status);
		assertThat(answer.getBody().getInstance()).hasToString("/api/v1/tenants/acme/instances");
	}

	@ParameterizedTest
	@CsvSource({ "REQUEST, ", "REQUEST, 500", "ERROR, ", "ERROR, 200" })
	void answers404WithoutAFailure(DispatcherType dispatch, Integer status) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/error");
		request.setDispatcherType(dispatch);
		if (status != null) {
			request.setAttribute(RequestDispatcher.ERROR_STATUS_CODE, status);
		}

		ResponseEntity<ProblemDetail> answer = this.controller.error(request);

		assertThat(answer.getStatusCode().value()).isEqualTo(404);
		assertThat(answer.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(answer.getBody().getType()).isEqualTo(Problem.NOT_FOUND.type());
	}

}
