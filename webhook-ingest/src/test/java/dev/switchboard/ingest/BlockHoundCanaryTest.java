package dev.switchboard.ingest;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import reactor.blockhound.BlockingOperationError;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Proves that BlockHound watches these tests: the absence of blocking calls on event
 * loops elsewhere is only meaningful if a blocking call would be caught.
 */
class BlockHoundCanaryTest {

	@Test
	void catchesABlockingCallOnANonBlockingThread() {
		Mono<Boolean> blocking = Mono.fromCallable(() -> new CountDownLatch(1).await(10, TimeUnit.MILLISECONDS))
			.subscribeOn(Schedulers.parallel());

		assertThatThrownBy(() -> blocking.block(Duration.ofSeconds(5)))
			.hasCauseInstanceOf(BlockingOperationError.class);
	}

}
