package com.zapigateway.support;

import java.net.InetAddress;

import com.zapigateway.outbound.HostLookup;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Resolves {@value #REBIND_NAME} to 127.0.0.1, everything else as the system does: a
 * public-looking name that resolves to loopback, as DNS rebinding would make it. Only
 * what a name resolves to is replaced: the gateway's check of the answer is not.
 */
@TestConfiguration(proxyBeanMethods = false)
public class TestHostNames {

	public static final String REBIND_NAME = "hooks.rebind.example";

	@Bean
	HostLookup testHostLookup() {
		return (host) -> REBIND_NAME.equals(host) ? new InetAddress[] { InetAddress.getByName("127.0.0.1") }
				: HostLookup.system().lookup(host);
	}

}
