package com.zapigateway.shared.web;

/**
 * One invalid field of a request, as listed in a validation problem's {@code errors}.
 *
 * @param field the field, parameter or header name
 * @param message what is wrong with it
 */
public record FieldProblem(String field, String message) {
}
