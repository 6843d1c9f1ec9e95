package dev.switchboard.orders.query;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import dev.switchboard.events.EventJson;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.ReactiveValueOperations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.mock;

/**
 * Stats come from Redis when cached there and from PostgreSQL otherwise, also when Redis
 * fails; evictions are gathered into one {@code DEL}. Redis is mocked.
 */
class StatsCacheTest {

	private static final OrderStats STATS = new OrderStats(1,
			List.of(new OrderStats.Group("synced", 1, Map.of("ILS", new BigDecimal("249.00")))), List.of(), List.of());

	private final ReactiveStringRedisTemplate redis = mock(ReactiveStringRedisTemplate.class);

	@SuppressWarnings("unchecked")
	private final ReactiveValueOperations<String, String> values = mock(ReactiveValueOperations.class);

	private final StatsCache cache = new StatsCache(this.redis);

	private final AtomicInteger computed = new AtomicInteger();

	@BeforeEach
	void redis() {
		given(this.redis.opsForValue()).willReturn(this.values);
	}

	@AfterEach
	void stop() {
		this.cache.stop();
	}

	@Test
	void cachedStatsAreAnsweredWithoutTheDatabase() {
		given(this.values.get("orders:stats:demo")).willReturn(Mono.just(EventJson.mapper().writeValueAsString(STATS)));

		assertThat(this.cache.get("demo", this::compute).block()).isEqualTo(STATS);
		assertThat(this.computed).hasValue(0);
	}

	@Test
	void missingStatsAreComputedAndCachedForThirtySeconds() {
		given(this.values.get("orders:stats:demo")).willReturn(Mono.empty());
		given(this.values.set(anyString(), anyString(), any(Duration.class))).willReturn(Mono.just(true));

		assertThat(this.cache.get("demo", this::compute).block()).isEqualTo(STATS);

		assertThat(this.computed).hasValue(1);
		then(this.values).should().set(eq("orders:stats:demo"), anyString(), eq(Duration.ofSeconds(30)));
	}

	@Test
	void whenRedisFailsTheStatsComeFromTheDatabase() {
		given(this.values.get(anyString())).willReturn(Mono.error(new IllegalStateException("connection refused")));
		given(this.values.set(anyString(), anyString(), any(Duration.class)))
			.willReturn(Mono.error(new IllegalStateException("connection refused")));

		assertThat(this.cache.get("demo", this::compute).block()).isEqualTo(STATS);
		assertThat(this.computed).hasValue(1);
	}

	@Test
	void evictionsAreGatheredIntoOneDelete() {
		List<List<Object>> deletes = new CopyOnWriteArrayList<>();
		given(this.redis.delete(any(String[].class))).willAnswer((call) -> {
			deletes.add(List.of(call.getArguments()));
			return Mono.just(1L);
		});
		this.cache.evict("demo").block();
		this.cache.evict("acme").block();
		this.cache.evict("demo").block();

		this.cache.start();

		await().atMost(Duration.ofSeconds(10)).until(() -> !deletes.isEmpty());
		assertThat(deletes.get(0)).containsExactlyInAnyOrder("orders:stats:demo", "orders:stats:acme");
	}

	private Mono<OrderStats> compute() {
		return Mono.fromSupplier(() -> {
			this.computed.incrementAndGet();
			return STATS;
		});
	}

}
