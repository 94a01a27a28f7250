package com.zapigateway.zapi;

import java.net.URI;

import com.zapigateway.shared.web.ProblemTypes;

import org.springframework.http.HttpStatus;

/**
 * How each kind of Z-API failure is reported to callers: 502 when Z-API answered badly,
 * 503 when it could not be reached, 504 when the outcome is unknown.
 */
record UpstreamProblem(HttpStatus status, URI type, String title, String detail) {

	static UpstreamProblem of(ZapiException.Failure failure) {
		return switch (failure) {
			case CREDENTIALS_REJECTED -> new UpstreamProblem(HttpStatus.BAD_GATEWAY,
					ProblemTypes.ZAPI_CREDENTIALS_REJECTED, "Z-API rejected the gateway's credentials",
					"Z-API refused the gateway's partner credentials; no instance was created. Operators must check the partner token.");
			case REQUEST_REJECTED -> new UpstreamProblem(HttpStatus.BAD_GATEWAY, ProblemTypes.ZAPI_REQUEST_REJECTED,
					"Z-API rejected the request", "Z-API refused the request; no instance was created.");
			case RATE_LIMITED -> new UpstreamProblem(HttpStatus.BAD_GATEWAY, ProblemTypes.ZAPI_RATE_LIMITED,
					"Z-API rate limit", "Z-API is limiting the gateway's request rate; try again later.");
			case SERVER_ERROR -> new UpstreamProblem(HttpStatus.BAD_GATEWAY, ProblemTypes.ZAPI_SERVER_ERROR,
					"Z-API failed", "Z-API answered with a server error.");
			case CREATE_FAILED -> new UpstreamProblem(HttpStatus.BAD_GATEWAY, ProblemTypes.ZAPI_CREATE_FAILED,
					"Z-API did not create the instance",
					"Z-API answered without an instance id and token, or with an error.");
			case MALFORMED_RESPONSE -> new UpstreamProblem(HttpStatus.BAD_GATEWAY, ProblemTypes.ZAPI_MALFORMED_RESPONSE,
					"Malformed Z-API answer", "Z-API's answer could not be read.");
			case UNREACHABLE -> new UpstreamProblem(HttpStatus.SERVICE_UNAVAILABLE, ProblemTypes.ZAPI_UNREACHABLE,
					"Z-API unreachable", "Z-API could not be reached; the request was not sent.");
			case TIMEOUT -> new UpstreamProblem(HttpStatus.GATEWAY_TIMEOUT, ProblemTypes.ZAPI_TIMEOUT,
					"Z-API timed out", "Z-API did not answer in time; whether it acted on the request is unknown.");
			case CONNECTION_LOST -> new UpstreamProblem(HttpStatus.GATEWAY_TIMEOUT, ProblemTypes.ZAPI_CONNECTION_LOST,
					"Connection to Z-API lost",
					"The connection to Z-API broke after the request was sent; whether it acted on it is unknown.");
		};
	}

}
