package dev.switchboard.gateway;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.Test;
import reactor.blockhound.BlockingOperationError;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/**
 * Guards the meaning of the integration tests: BlockHound is installed in the test JVM,
 * so a blocking call on a non-blocking thread fails instead of passing unnoticed.
 */
class BlockHoundInstalledTest {

	@Test
	void blockingOnAnEventLoopThreadFails() {
		Mono<Integer> blocking = Mono.fromCallable(() -> {
			LockSupport.parkNanos(Duration.ofMillis(1).toNanos());
			return 1;
		}).subscribeOn(Schedulers.parallel());

		StepVerifier.create(blocking).expectError(BlockingOperationError.class).verify(Duration.ofSeconds(10));
	}

}
