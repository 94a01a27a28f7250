package com.zapigateway.shared.web;

import java.io.IOException;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * Refuses, on every route and before anything reads the request, a {@code Content-Type}
 * that is not one concrete media type: a wildcard ({@code *}{@code /*},
 * {@code application/*}) or no media type at all. It is answered 415
 * {@code unsupported-media-type}, as create answers any type it does not consume.
 * <p>
 * A wildcard describes no body, and Spring's request adapter cannot even hold one: it
 * throws while building the request's headers, which surfaced as a 500 wherever a body is
 * read without a {@code consumes} condition (an optional body) or a URL is built from the
 * request. Refusing it here covers every route, present and future, at once.
 */
@Component
class ContentTypeFilter extends ProblemFilter {

	ContentTypeFilter(@Qualifier("handlerExceptionResolver") HandlerExceptionResolver exceptionResolver) {
		super(exceptionResolver);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		HttpMediaTypeNotSupportedException refusal = refusal(request.getContentType());
		if (refusal != null) {
			refuse(request, response, refusal);
			return;
		}
		chain.doFilter(request, response);
	}

	/**
	 * Why a {@code Content-Type} is refused, if it is.
	 * @param contentType the header's value, or {@code null} when absent
	 * @return the refusal, or {@code null} when absent or one concrete media type
	 */
	static @Nullable HttpMediaTypeNotSupportedException refusal(@Nullable String contentType) {
		if (contentType == null) {
			return null;
		}
		MediaType mediaType;
		try {
			mediaType = MediaType.parseMediaType(contentType);
		}
		catch (InvalidMediaTypeException ex) {
			return new HttpMediaTypeNotSupportedException("Content-Type is not a media type",
					List.of(MediaType.APPLICATION_JSON));
		}
		return mediaType.isConcrete() ? null
				: new HttpMediaTypeNotSupportedException(mediaType, List.of(MediaType.APPLICATION_JSON));
	}

}
