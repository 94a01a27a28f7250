package com.zapigateway.shared.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * Refuses request bodies over {@code gateway.http.max-request-body} with 413: at once
 * when {@code Content-Length} says so, or as soon as a chunked body grows past it. JSON
 * bodies must also be well-formed UTF-8 (see {@link Utf8Validator}), else 400.
 */
@Component
class RequestBodyLimitFilter extends ProblemFilter {

	private final long maxBytes;

	RequestBodyLimitFilter(HttpProperties properties,
			@Qualifier("handlerExceptionResolver") HandlerExceptionResolver exceptionResolver) {
		super(exceptionResolver);
		this.maxBytes = properties.maxRequestBody().toBytes();
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (request.getContentLengthLong() > this.maxBytes) {
			refuse(request, response, new PayloadTooLargeException(this.maxBytes));
			return;
		}
		chain.doFilter(new LimitedRequest(request, this.maxBytes, isJson(request.getContentType())), response);
	}

	private static boolean isJson(@Nullable String contentType) {
		if (contentType == null) {
			return false;
		}
		String type = contentType.toLowerCase(java.util.Locale.ROOT);
		int semicolon = type.indexOf(';');
		type = ((semicolon >= 0) ? type.substring(0, semicolon) : type).strip();
		return type.equals("application/json") || type.endsWith("+json");
	}

	private static final class LimitedRequest extends HttpServletRequestWrapper {

		private final long maxBytes;

		private final boolean utf8;

		private ServletInputStream stream;

		LimitedRequest(HttpServletRequest request, long maxBytes, boolean utf8) {
			super(request);
			this.maxBytes = maxBytes;
			this.utf8 = utf8;
		}

		@Override
		public ServletInputStream getInputStream() throws IOException {
			if (this.stream == null) {
				this.stream = new LimitedInputStream(super.getInputStream(), this.maxBytes,
						this.utf8 ? new Utf8Validator() : null);
			}
			return this.stream;
		}

	}

	private static final class LimitedInputStream extends ServletInputStream {

		private final ServletInputStream delegate;

		private final long maxBytes;

		private final @Nullable Utf8Validator utf8;

		private long read;

		LimitedInputStream(ServletInputStream delegate, long maxBytes, @Nullable Utf8Validator utf8) {
			this.delegate = delegate;
			this.maxBytes = maxBytes;
			this.utf8 = utf8;
		}

		@Override
		public int read() throws IOException {
			int b = this.delegate.read();
			if (b >= 0) {
				count(1);
				if (this.utf8 != null) {
					this.utf8.accept(b);
				}
			}
			else if (this.utf8 != null) {
				this.utf8.end();
			}
			return b;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			int n = this.delegate.read(buffer, offset, length);
			if (n > 0) {
				count(n);
				if (this.utf8 != null) {
					for (int i = offset; i < offset + n; i++) {
						this.utf8.accept(buffer[i] & 0xff);
					}
				}
			}
			else if (n < 0 && this.utf8 != null) {
				this.utf8.end();
			}
			return n;
		}

		private void count(int n) throws PayloadTooLargeException {
			this.read += n;
			if (this.read > this.maxBytes) {
				throw new PayloadTooLargeException(this.maxBytes);
			}
		}

		@Override
		public boolean isFinished() {
			return this.delegate.isFinished();
		}

		@Override
		public boolean isReady() {
			return this.delegate.isReady();
		}

		@Override
		public void setReadListener(ReadListener listener) {
			this.delegate.setReadListener(listener);
		}

	}

}
