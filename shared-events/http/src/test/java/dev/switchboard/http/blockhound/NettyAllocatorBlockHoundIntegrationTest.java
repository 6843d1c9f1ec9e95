package dev.switchboard.http.blockhound;

import java.util.ServiceLoader;

import org.junit.jupiter.api.Test;
import reactor.blockhound.integration.BlockHoundIntegration;

import static org.assertj.core.api.Assertions.assertThat;

/** BlockHound finds the allowances wherever it is installed with this module present. */
class NettyAllocatorBlockHoundIntegrationTest {

	@Test
	void isFoundByBlockHoundsServiceLoader() {
		assertThat(ServiceLoader.load(BlockHoundIntegration.class))
			.anyMatch(NettyAllocatorBlockHoundIntegration.class::isInstance)
			.anyMatch(CircuitBreakerBlockHoundIntegration.class::isInstance);
	}

}
