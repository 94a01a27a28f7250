package com.zapigateway.shared.web;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * HTTP limits, bound from {@code gateway.http.*}.
 *
 * @param maxRequestBody the largest request body accepted
 */
@Validated
@ConfigurationProperties("gateway.http")
public record HttpProperties(@DefaultValue("16KB") @NotNull DataSize maxRequestBody) {
}
