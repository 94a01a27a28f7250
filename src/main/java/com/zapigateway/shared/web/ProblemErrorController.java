package com.zapigateway.shared.web;

import java.net.URI;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The error page the servlet container forwards to ({@code /error}), in place of Spring
 * Boot's, which answers its own JSON or a Whitelabel HTML page depending on
 * {@code Accept}. Here a failure no handler answered (an exception or {@code sendError}
 * outside Spring MVC) is a problem+json with its status, whatever the {@code Accept}
 * header. Requested directly, {@code /error} is a path with nothing behind it: 404, not
 * Boot's 500 for a request that carries no error. Not an operation of the API, so not in
 * its OpenAPI description.
 */
@Hidden
@RestController
class ProblemErrorController implements ErrorController {

	@RequestMapping("${server.error.path:${error.path:/error}}")
	ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
		Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
		if (request.getDispatcherType() != DispatcherType.ERROR || !(code instanceof Integer status) || status < 400) {
			return answer(Problem.NOT_FOUND.toProblemDetail(), request.getRequestURI());
		}
		HttpStatus known = HttpStatus.resolve(status);
		String title = (known != null) ? known.getReasonPhrase() : "Error";
		String detail = (status >= 500) ? "The gateway failed unexpectedly" : "The request was refused";
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatusCode.valueOf(status), detail);
		problem.setType(Problem.forStatus(status).type());
		problem.setTitle(title);
		Object failedUri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
		return answer(problem, (failedUri instanceof String uri) ? uri : request.getRequestURI());
	}

	private static ResponseEntity<ProblemDetail> answer(ProblemDetail problem, String path) {
		try {
			problem.setInstance(URI.create(path));
		}
		catch (IllegalArgumentException ex) {
			// not a URI reference: the problem goes without its instance
		}
		// set, not negotiated: the same problem+json whatever the Accept header
		return ResponseEntity.status(problem.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
	}

}
