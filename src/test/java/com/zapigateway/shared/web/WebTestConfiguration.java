package com.zapigateway.shared.web;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Import;

/**
 * The gateway's strict JSON and HTTP limits, for web slice tests in other packages.
 */
@TestConfiguration(proxyBeanMethods = false)
@EnableConfigurationProperties(HttpProperties.class)
@Import(JacksonConfiguration.class)
public class WebTestConfiguration {

}
