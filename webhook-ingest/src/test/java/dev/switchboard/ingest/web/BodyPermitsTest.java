package dev.switchboard.ingest.web;

import java.time.Duration;
import java.util.List;

import dev.switchboard.ingest.IngestProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThat;

class BodyPermitsTest {

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final BodyPermits permits = new BodyPermits(
			new IngestProperties(List.of(), null, Duration.ofSeconds(1), null, 2, null), this.registry);

	@Test
	void refusesAtOnceWhenEveryPermitIsHeldAndGivesThemBackOnCompletionErrorAndCancel() {
		Sinks.One<String> first = Sinks.one();
		Sinks.One<String> second = Sinks.one();
		Disposable held = this.permits.withPermit(first::asMono).subscribe();
		this.permits.withPermit(second::asMono).subscribe((value) -> {
		}, (ex) -> {
		});
		assertThat(this.permits.inUse()).isEqualTo(2);

		StepVerifier.create(this.permits.withPermit(() -> Mono.just("third")))
			.verifyErrorSatisfies((ex) -> assertThat(ex).isInstanceOfSatisfying(ProblemException.class, (problem) -> {
				assertThat(problem.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
				assertThat(problem.code()).isEqualTo("INGEST_BUSY");
				assertThat(problem.retryAfter()).isEqualTo(Duration.ofSeconds(1));
			}));
		assertThat(this.registry.get(BodyPermits.BUSY).counter().count()).isEqualTo(1);

		held.dispose();
		second.tryEmitError(new IllegalStateException("client went away"));
		assertThat(this.permits.inUse()).isZero();
		assertThat(this.registry.get(BodyPermits.BUFFERED).gauge().value()).isZero();
		StepVerifier.create(this.permits.withPermit(() -> Mono.just("fourth"))).expectNext("fourth").verifyComplete();
		assertThat(this.permits.inUse()).isZero();
	}

}
