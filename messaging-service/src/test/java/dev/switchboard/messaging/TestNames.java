package dev.switchboard.messaging;

import java.net.InetAddress;

import dev.switchboard.outbound.HostResolver;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Host names of the tests: {@link #INSIDE} resolves to this machine (a loopback address,
 * which the outbound URL policy refuses unless allow-listed); {@code localhost} as usual;
 * nothing else resolves (no DNS in tests).
 */
@TestConfiguration(proxyBeanMethods = false)
class TestNames {

	static final String INSIDE = "cbb.inside.test";

	@Bean
	HostResolver testHostResolver() {
		return (host) -> {
			if (INSIDE.equals(host)) {
				return new InetAddress[] { InetAddress.getByAddress(host, new byte[] { 127, 0, 0, 1 }) };
			}
			if ("localhost".equals(host)) {
				return HostResolver.JDK.resolve(host);
			}
			throw new java.net.UnknownHostException(host);
		};
	}

}
