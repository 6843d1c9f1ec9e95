package dev.switchboard.ingest.web;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import dev.switchboard.ingest.IngestProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Bounds the request bodies read or held at once ({@code max-buffered-bodies}): a webhook
 * takes a permit before its body is read and gives it back when its answer is decided,
 * whether it succeeded, failed or the client went away. Without a free permit it is
 * answered 503 {@code INGEST_BUSY} with {@code Retry-After} at once (Meta retries) rather
 * than queued, so slow or stalled senders cannot make the service buffer without limit.
 */
@Component
public class BodyPermits {

	static final String BUFFERED = "switchboard.ingest.bodies.buffered";

	static final String BUSY = "switchboard.ingest.busy";

	static final Duration RETRY_AFTER = Duration.ofSeconds(1);

	private final int max;

	private final Semaphore permits;

	private final Counter busy;

	public BodyPermits(IngestProperties properties, MeterRegistry registry) {
		this.max = properties.maxBufferedBodies();
		this.permits = new Semaphore(this.max);
		Gauge.builder(BUFFERED, this, BodyPermits::inUse)
			.description("Request bodies being read or held")
			.register(registry);
		this.busy = Counter.builder(BUSY)
			.description("Requests answered 503 because max-buffered-bodies bodies were held")
			.register(registry);
	}

	/**
	 * Runs {@code work} (which reads and handles a body) holding a permit, or fails with
	 * 503 {@code INGEST_BUSY} when none is free.
	 */
	public <T> Mono<T> withPermit(Supplier<Mono<T>> work) {
		return Mono.defer(() -> {
			if (!this.permits.tryAcquire()) {
				this.busy.increment();
				return Mono.error(new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, "INGEST_BUSY",
						"Too many requests are being received at once, retry later", RETRY_AFTER, null));
			}
			AtomicBoolean released = new AtomicBoolean();
			return Mono.defer(work).doFinally((signal) -> {
				if (released.compareAndSet(false, true)) {
					this.permits.release();
				}
			});
		});
	}

	/** Permits taken. */
	int inUse() {
		return this.max - this.permits.availablePermits();
	}

}
