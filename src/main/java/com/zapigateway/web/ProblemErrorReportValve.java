package com.zapigateway.web;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;

/**
 * Tomcat's last-resort error report (requests Tomcat refuses before Spring sees them:
 * encoded slashes, malformed URLs, oversized headers) as problem+json instead of an HTML
 * page. Never echoes the request, never a stack trace.
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
				String type = (status == 400) ? ProblemTypes.REQUEST_REJECTED.toString()
						: (status == 413) ? ProblemTypes.PAYLOAD_TOO_LARGE.toString() : (status >= 500)
								? ProblemTypes.INTERNAL.toString() : ProblemTypes.MALFORMED_REQUEST.toString();
				writer.write("{\"type\":\"" + type + "\",\"title\":\"Request rejected\",\"status\":" + status
						+ ",\"detail\":\"The request was refused before it reached the gateway: malformed or "
						+ "forbidden URL, or headers too large\"}");
				response.finishResponse();
			}
		}
		catch (IOException | IllegalStateException ex) {
			// the connection is gone; nothing more to do
		}
	}

}
