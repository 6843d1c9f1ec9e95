package dev.switchboard.ingest.channels;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.switchboard.events.kafka.KafkaSettings;
import dev.switchboard.tenants.TenantDirectory;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.WebFilterChain;

import static org.assertj.core.api.Assertions.assertThat;

class TenantsReadyGateTest {

	private final AtomicInteger handled = new AtomicInteger();

	private final WebFilterChain chain = (exchange) -> Mono.fromRunnable(this.handled::incrementAndGet);

	@Test
	void webhooksWaitForADirectoryThatHasNotReadTheTopicYet() throws Exception {
		// No broker answers there: the directory never catches up.
		try (TenantDirectory reading = TenantDirectory.follow(new KafkaSettings("localhost:1", "gate-test"),
				List.of())) {
			TenantsReadyGate gate = new TenantsReadyGate(reading, Duration.ofSeconds(3));
			Mono<Void> webhook = gate.filter(post("/webhooks/whatsapp"), this.chain);
			Mono<Void> forwarded = gate.filter(post("/api/v1/webhooks/vizi/orders"), this.chain);
			Mono<Void> probe = gate.filter(MockServerWebExchange.from(MockServerHttpRequest.get("/readyz")),
					this.chain);

			CompletableFuture<Void> webhookHandled = webhook.toFuture();
			CompletableFuture<Void> forwardedHandled = forwarded.toFuture();
			probe.block(Duration.ofSeconds(5));
			assertThat(this.handled).as("only the probe, at once").hasValue(1);

			// Past the wait they are handled with what the directory knows.
			CompletableFuture.allOf(webhookHandled, forwardedHandled).get(30, TimeUnit.SECONDS);
			assertThat(this.handled).hasValue(3);
		}
	}

	@Test
	void webhooksPassAtOnceWhenTheDirectoryIsReady() {
		TenantsReadyGate gate = new TenantsReadyGate(TenantDirectory.withStatic(List.of()), Duration.ofHours(1));

		gate.filter(post("/webhooks/whatsapp"), this.chain).block(Duration.ofSeconds(5));

		assertThat(this.handled).hasValue(1);
	}

	@Test
	void withoutADirectoryNothingWaits() {
		new TenantsReadyGate(null, Duration.ofHours(1)).filter(post("/webhooks/whatsapp"), this.chain)
			.block(Duration.ofSeconds(5));

		assertThat(this.handled).hasValue(1);
	}

	private static MockServerWebExchange post(String path) {
		return MockServerWebExchange.from(MockServerHttpRequest.post(path));
	}

}
