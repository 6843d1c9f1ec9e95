package dev.switchboard.redis;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;

class SharedRedisConnectionTest {

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	private final SharedRedisConnection connection = new SharedRedisConnection(mock(ReactiveStringRedisTemplate.class));

	/** Stands for a command: tells the thread it was sent from. */
	private final Mono<String> command = Mono.fromCallable(() -> Thread.currentThread().getName());

	@Test
	void sendsFromAWorkerUntilACommandSucceedsThenFromTheCaller() {
		assertThat(this.connection.isOpen()).isFalse();
		assertThat(this.connection.command(this.command).block(TIMEOUT)).startsWith("boundedElastic");
		assertThat(this.connection.isOpen()).isTrue();
		assertThat(this.connection.command(this.command).block(TIMEOUT)).isEqualTo(Thread.currentThread().getName());
	}

	@Test
	void aFailedCommandLeavesTheNextOneOnAWorker() {
		assertThatThrownBy(
				() -> this.connection.command(Mono.error(new IllegalStateException("refused"))).block(TIMEOUT))
			.hasMessage("refused");
		assertThat(this.connection.isOpen()).isFalse();
		assertThat(this.connection.command(this.command).block(TIMEOUT)).startsWith("boundedElastic");
	}

	@Test
	void manyValuedCommandsOpenItWhenTheyComplete() {
		assertThat(this.connection.command(Flux.from(this.command)).blockLast(TIMEOUT)).startsWith("boundedElastic");
		assertThat(this.connection.command(Flux.from(this.command)).blockLast(TIMEOUT))
			.isEqualTo(Thread.currentThread().getName());
	}

}
