package dev.switchboard.orders;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.Test;
import reactor.blockhound.BlockingOperationError;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The integration tests only prove non-blocking code while BlockHound is installed. */
class BlockHoundActiveTest {

	@Test
	void blockingOnANonBlockingThreadFails() {
		Mono<Void> parking = Mono.<Void>fromRunnable(() -> LockSupport.parkNanos(1_000))
			.subscribeOn(Schedulers.parallel());
		assertThatThrownBy(() -> parking.block(Duration.ofSeconds(5))).hasCauseInstanceOf(BlockingOperationError.class);
	}

}
