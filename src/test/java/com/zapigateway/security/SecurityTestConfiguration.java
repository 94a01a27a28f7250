package com.zapigateway.security;

import com.zapigateway.audit.AuditLog;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Import;

/**
 * The gateway's real security setup, for web slice tests in other packages.
 */
@TestConfiguration(proxyBeanMethods = false)
@EnableConfigurationProperties(ClientsProperties.class)
@Import({ SecurityConfiguration.class, ApiKeys.class, AuditLog.class })
public class SecurityTestConfiguration {

}
