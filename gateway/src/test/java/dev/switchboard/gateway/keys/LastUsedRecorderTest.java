package dev.switchboard.gateway.keys;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

class LastUsedRecorderTest {

	private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

	private final ApiKeyStore store = mock(ApiKeyStore.class);

	@Test
	void writesOncePerIntervalPerKey() {
		LastUsedRecorder recorder = recorder(8);
		UUID first = UUID.randomUUID();
		UUID second = UUID.randomUUID();
		given(this.store.touch(any(), any())).willReturn(Mono.empty());

		recorder.used(first);
		recorder.used(first);
		recorder.used(second);
		recorder.used(first);

		verify(this.store, times(1)).touch(first, NOW);
		verify(this.store, times(1)).touch(second, NOW);
	}

	@Test
	void skipsWritesBeyondTheBoundAndRetriesLater() {
		LastUsedRecorder recorder = recorder(1);
		UUID busy = UUID.randomUUID();
		UUID skipped = UUID.randomUUID();
		Sinks.Empty<Void> pending = Sinks.empty();
		given(this.store.touch(eq(busy), any())).willReturn(pending.asMono());
		given(this.store.touch(eq(skipped), any())).willReturn(Mono.empty());

		recorder.used(busy);
		recorder.used(skipped);
		verify(this.store, times(0)).touch(eq(skipped), any());

		pending.tryEmitEmpty();
		recorder.used(skipped);
		verify(this.store, times(1)).touch(eq(skipped), any());
	}

	@Test
	void retriesAfterAFailedWrite() {
		LastUsedRecorder recorder = recorder(8);
		UUID key = UUID.randomUUID();
		given(this.store.touch(any(), any())).willReturn(Mono.error(new IllegalStateException("database down")),
				Mono.empty());

		recorder.used(key);
		recorder.used(key);

		verify(this.store, times(2)).touch(key, NOW);
	}

	private LastUsedRecorder recorder(int maxInFlight) {
		return new LastUsedRecorder(this.store,
				new ApiKeyProperties(Duration.ofSeconds(3), 100, Duration.ofSeconds(60), Duration.ofSeconds(30),
						List.of("20/1m"), List.of(), Duration.ofMillis(250), Duration.ofSeconds(5),
						Duration.ofMinutes(1), maxInFlight, Duration.ZERO),
				Clock.fixed(NOW, ZoneOffset.UTC));
	}

}
