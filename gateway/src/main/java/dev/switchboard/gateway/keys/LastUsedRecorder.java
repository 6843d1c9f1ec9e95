package dev.switchboard.gateway.keys;

import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Records when a key was last used, at most once per interval per key and never on the
 * request path: the write runs in the background, a bounded number at a time, and is
 * skipped (to be retried on a later request) when too many are already running.
 */
@Component
class LastUsedRecorder {

	private static final Logger log = LoggerFactory.getLogger(LastUsedRecorder.class);

	private final ApiKeyStore store;

	private final Clock clock;

	private final int maxInFlight;

	private final AtomicInteger inFlight = new AtomicInteger();

	/** Keys written within the interval; an entry expiring allows the next write. */
	private final Cache<UUID, Boolean> recentlyRecorded;

	@Autowired
	LastUsedRecorder(ApiKeyStore store, ApiKeyProperties properties) {
		this(store, properties, Clock.systemUTC());
	}

	LastUsedRecorder(ApiKeyStore store, ApiKeyProperties properties, Clock clock) {
		this.store = store;
		this.clock = clock;
		this.maxInFlight = properties.lastUsedMaxInFlight();
		this.recentlyRecorded = Caffeine.newBuilder()
			.expireAfterWrite(properties.lastUsedInterval())
			.maximumSize(properties.cacheMaximumSize())
			.build();
	}

	/**
	 * Notes a use of the key; returns at once.
	 * @param keyId the key that was used
	 */
	void used(UUID keyId) {
		if (this.recentlyRecorded.asMap().putIfAbsent(keyId, Boolean.TRUE) != null) {
			return;
		}
		if (this.inFlight.incrementAndGet() > this.maxInFlight) {
			this.inFlight.decrementAndGet();
			this.recentlyRecorded.invalidate(keyId);
			return;
		}
		this.store.touch(keyId, this.clock.instant())
			.doFinally((signal) -> this.inFlight.decrementAndGet())
			.subscribe(null, (failure) -> {
				this.recentlyRecorded.invalidate(keyId);
				log.warn("Could not record last use of API key {}: {}", keyId, failure.toString());
			});
	}

}
