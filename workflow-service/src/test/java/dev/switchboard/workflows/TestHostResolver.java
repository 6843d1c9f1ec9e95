package dev.switchboard.workflows;

import java.net.InetAddress;

import dev.switchboard.outbound.HostResolver;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Names that resolve where the SSRF tests need them: {@code internal.test} to a private
 * address, {@code metadata.test} to the cloud metadata address; others as the JDK
 * resolves them.
 */
@TestConfiguration(proxyBeanMethods = false)
class TestHostResolver {

	@Bean
	HostResolver hostResolver() {
		return (host) -> switch (host) {
			case "internal.test" -> new InetAddress[] { InetAddress.getByAddress(host, new byte[] { 10, 0, 0, 5 }) };
			case "metadata.test" -> new InetAddress[] {
					InetAddress.getByAddress(host, new byte[] { (byte) 169, (byte) 254, (byte) 169, (byte) 254 }) };
			default -> HostResolver.JDK.resolve(host);
		};
	}

}
