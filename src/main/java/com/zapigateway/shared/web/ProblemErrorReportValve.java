package com.zapigateway.shared.web;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;

/**
 * Tomcat's last-resort error report (requests Tomcat refuses before Spring sees them:
 * encoded slashes, malformed URLs, oversized headers, a transfer coding it does not
 * implement, an HTTP version it does not speak) as problem+json instead of an HTML page,
 * typed from the same catalogue as every other answer. Never echoes the request, never a
 * stack trace.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

	@Override
	protected void report(Request request, Response response, Throwable throwable) {
		int status = response.getStatus();
		if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
			return;
		}
		AtomicBoolean ioAllowed = new AtomicBoolean(true);
		response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
		if (!ioAllowed.get()) {
			return;
		}
		try {
			response.setContentType("application/problem+json");
			response.setCharacterEncoding("UTF-8");
			PrintWriter writer = response.getReporter();
			if (writer != null) {
				writer.write(problem(status));
				response.finishResponse();
			}
		}
		catch (IOException | IllegalStateException ex) {
			// the connection is gone; nothing more to do
		}
	}

	/**
	 * The problem for a status Tomcat answered on its own (fixed text: nothing from the
	 * request).
	 * @param status the status
	 * @return the problem as JSON
	 */
	static String problem(int status) {
		return switch (status) {
			case 400 -> Problem.REQUEST_REFUSED.json();
			case 501 -> Problem.NOT_IMPLEMENTED_CODING.json();
			case 505 -> Problem.HTTP_VERSION_NOT_SUPPORTED.json();
			default -> Problem.REQUEST_REFUSED.json(Problem.forStatus(status).type(), status);
		};
	}

}
