package dev.switchboard.messaging.templates;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;

import com.github.benmanes.caffeine.cache.AsyncCacheLoader;
import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Policy.FixedExpiration;
import com.github.benmanes.caffeine.cache.Ticker;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The projection's answers kept in memory, so that a send usually costs no database read:
 * every language of a template name, and whether a tenant has templates at all. Stale
 * while revalidate: a copy older than half of {@code cache-ttl} is still served, and the
 * first read that finds it so starts a refresh whose database read is subscribed on
 * another scheduler, so the send neither waits for it nor pays for starting it. No copy
 * is older than {@code cache-ttl}: past it the copy is gone and the next send reads the
 * projection itself (a miss, the only read on a send's path). The instance that applies
 * an event forgets its copy at once; others see the change within {@code cache-ttl}. A
 * failed read is not kept.
 */
@Component
class KnownTemplates {

	private final Copies<Name, List<KnownTemplate>> languages;

	private final Copies<String, Boolean> tenantsWithTemplates;

	@Autowired
	KnownTemplates(TemplateProjection projection, TemplateValidationProperties properties) {
		this(projection, properties, Schedulers.parallel(), Ticker.systemTicker());
	}

	/**
	 * @param refreshes where a stale copy's database read is subscribed: never the thread
	 * of the send that found it stale
	 * @param ticker the clock of the copies' ages
	 */
	KnownTemplates(TemplateProjection projection, TemplateValidationProperties properties, Scheduler refreshes,
			Ticker ticker) {
		this.languages = new Copies<>((name) -> projection.languages(name.tenantId(), name.name()).collectList(),
				properties, refreshes, ticker);
		this.tenantsWithTemplates = new Copies<>(projection::hasAny, properties, refreshes, ticker);
	}

	/** Every language of the template name the tenant has; notes where it came from. */
	Mono<List<KnownTemplate>> languages(String tenantId, String name, Reads reads) {
		return this.languages.get(new Name(tenantId, name), reads);
	}

	/**
	 * Whether the projection holds any template of the tenant; notes where it came from.
	 */
	Mono<Boolean> hasAny(String tenantId, Reads reads) {
		return this.tenantsWithTemplates.get(tenantId, reads);
	}

	/** Forgets this instance's copy of a template name changed by an event. */
	void forget(String tenantId, String name) {
		this.languages.forget(new Name(tenantId, name));
		this.tenantsWithTemplates.forget(tenantId);
	}

	/** The worst {@link TemplateCopy} of one check's reads. */
	static final class Reads {

		private volatile TemplateCopy worst = TemplateCopy.NONE;

		void note(TemplateCopy copy) {
			this.worst = this.worst.worse(copy);
		}

		TemplateCopy worst() {
			return this.worst;
		}

	}

	/**
	 * One kind of answer kept in memory.
	 *
	 * @param <K> what is asked
	 * @param <V> the answer
	 */
	private static final class Copies<K, V> {

		private final AsyncLoadingCache<K, V> cache;

		private final FixedExpiration<K, V> age;

		private final Duration staleAfter;

		Copies(Function<K, Mono<V>> read, TemplateValidationProperties properties, Scheduler refreshes, Ticker ticker) {
			this.staleAfter = properties.cacheTtl().dividedBy(2);
			this.cache = Caffeine.newBuilder()
				.ticker(ticker)
				.expireAfterWrite(properties.cacheTtl())
				.refreshAfterWrite(this.staleAfter)
				.maximumSize(properties.cacheMaximumSize())
				.buildAsync(new AsyncCacheLoader<K, V>() {

					// A miss: there is nothing to serve, so the send waits for this read.
					@Override
					public CompletableFuture<V> asyncLoad(K key, Executor executor) {
						return read.apply(key).toFuture();
					}

					// Caffeine asks for a refresh on the thread of the read that found
					// the
					// copy stale; the default would start the database read right there.
					@Override
					public CompletableFuture<V> asyncReload(K key, V oldValue, Executor executor) {
						return Mono.defer(() -> read.apply(key)).subscribeOn(refreshes).toFuture();
					}

				});
			this.age = this.cache.synchronous().policy().expireAfterWrite().orElseThrow();
		}

		Mono<V> get(K key, Reads reads) {
			return Mono.defer(() -> {
				Optional<Duration> age = this.age.ageOf(key);
				CompletableFuture<V> copy = this.cache.get(key);
				reads.note(copyOf(age, copy));
				return Mono.fromFuture(copy, true);
			});
		}

		private TemplateCopy copyOf(Optional<Duration> age, CompletableFuture<V> copy) {
			if (age.isEmpty() || age.get().isNegative() || !copy.isDone() || copy.isCompletedExceptionally()) {
				return TemplateCopy.MISS;
			}
			return (age.get().compareTo(this.staleAfter) >= 0) ? TemplateCopy.STALE_REFRESHING : TemplateCopy.FRESH;
		}

		void forget(K key) {
			this.cache.synchronous().invalidate(key);
		}

	}

	/**
	 * A template name of a tenant.
	 *
	 * @param tenantId the tenant
	 * @param name the template name
	 */
	private record Name(String tenantId, String name) {
	}

}
