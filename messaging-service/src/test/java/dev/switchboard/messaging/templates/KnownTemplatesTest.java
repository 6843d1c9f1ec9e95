package dev.switchboard.messaging.templates;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import dev.switchboard.messaging.templates.KnownTemplates.Reads;
import dev.switchboard.messaging.templates.TemplateValidationProperties.Validation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

class KnownTemplatesTest {

	private static final Duration TTL = Duration.ofSeconds(2);

	private final TemplateProjection projection = mock(TemplateProjection.class);

	private final AtomicLong now = new AtomicLong();

	private final Scheduler refreshes = Schedulers.newSingle("copy-refreshes");

	private final KnownTemplates known = new KnownTemplates(this.projection,
			new TemplateValidationProperties(Validation.ENFORCED, TTL, 100, false), this.refreshes, this.now::get);

	@AfterEach
	void stop() {
		this.refreshes.dispose();
	}

	private static KnownTemplate template(String status) {
		return new KnownTemplate("order_update", "en", status, "POSITIONAL", List.of(Map.of("type", "BODY")),
				Instant.now());
	}

	private void later(Duration duration) {
		this.now.addAndGet(duration.toNanos());
	}

	private String statusRead(Reads reads) {
		return this.known.languages("demo", "order_update", reads).block(Duration.ofSeconds(5)).get(0).status();
	}

	@Test
	void aStaleCopyIsServedAtOnceWhileItsReadStartsOnAnotherThread() {
		Sinks.One<KnownTemplate> paused = Sinks.one();
		AtomicReference<String> refreshedOn = new AtomicReference<>();
		when(this.projection.languages("demo", "order_update")).thenReturn(Flux.just(template("APPROVED")),
				Flux.defer(() -> {
					refreshedOn.set(Thread.currentThread().getName());
					return paused.asMono().flux();
				}));
		Reads first = new Reads();
		assertThat(statusRead(first)).isEqualTo("APPROVED");
		assertThat(first.worst()).isEqualTo(TemplateCopy.MISS);

		later(TTL.dividedBy(2).plusMillis(1));
		Reads stale = new Reads();
		// The refresh's read has not answered (and will not until the sink emits): the
		// copy is served anyway, and the read was not started on this thread.
		assertThat(statusRead(stale)).isEqualTo("APPROVED");
		assertThat(stale.worst()).isEqualTo(TemplateCopy.STALE_REFRESHING);
		await().untilAsserted(() -> assertThat(refreshedOn.get()).startsWith("copy-refreshes")
			.isNotEqualTo(Thread.currentThread().getName()));

		paused.tryEmitValue(template("PAUSED"));
		await().until(() -> statusRead(new Reads()).equals("PAUSED"));
		Reads fresh = new Reads();
		statusRead(fresh);
		assertThat(fresh.worst()).isEqualTo(TemplateCopy.FRESH);
	}

	@Test
	void noCopyIsServedOnceOlderThanTheTtl() {
		when(this.projection.languages("demo", "order_update")).thenReturn(Flux.just(template("APPROVED")),
				Flux.just(template("PAUSED")));
		assertThat(statusRead(new Reads())).isEqualTo("APPROVED");

		later(TTL.plusMillis(1));
		Reads reads = new Reads();

		assertThat(statusRead(reads)).isEqualTo("PAUSED");
		assertThat(reads.worst()).isEqualTo(TemplateCopy.MISS);
	}

	@Test
	void aForgottenCopyIsReadAgain() {
		when(this.projection.languages("demo", "order_update")).thenReturn(Flux.just(template("APPROVED")),
				Flux.just(template("PAUSED")));
		assertThat(statusRead(new Reads())).isEqualTo("APPROVED");
		Reads copy = new Reads();
		assertThat(statusRead(copy)).isEqualTo("APPROVED");
		assertThat(copy.worst()).isEqualTo(TemplateCopy.FRESH);

		this.known.forget("demo", "order_update");

		assertThat(statusRead(new Reads())).isEqualTo("PAUSED");
	}

}
