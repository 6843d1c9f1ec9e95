package dev.switchboard.gateway;

import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A flood of made-up keys does not reach the key store and does not lock out real keys.
 * The test client stands behind a trusted proxy (itself, on the loopback address), so
 * that {@code X-Forwarded-For} can play several client addresses; failures are limited to
 * 10 an hour per address here. Addresses come from the documentation ranges and are only
 * header values: no traffic leaves the machine.
 */
@TestPropertySource(properties = { "switchboard.api-keys.failure-limit=10/1h",
		"switchboard.api-keys.trusted-proxies=127.0.0.1,::1" })
class ApiKeyFloodIT extends GatewayTestBase {

	private static final String FORWARDED_FOR = "X-Forwarded-For";

	@Autowired
	private MeterRegistry meters;

	@Test
	void thousandRandomKeysCauseAHandfulOfDatabaseLookupsAndRealKeysKeepWorking() {
		String flooder = "198.51.100.21";
		String other = "198.51.100.22";
		assertThat(status(DEMO_KEY, flooder)).isEqualTo(200);
		double lookupsBefore = lookups();

		// Random keys from one address, with the demo key used from it and from another
		// address all along.
		Map<Integer, Long> statuses = Flux.range(0, 1000)
			.flatMap((i) -> (i % 50 == 0) ? Flux.merge(call(randomKey(), flooder),
					call(DEMO_KEY, flooder).map((s) -> s + 1000), call(DEMO_KEY, other).map((s) -> s + 2000))
					: call(randomKey(), flooder), 8)
			.collect(Collectors.groupingBy(Function.identity(), Collectors.counting()))
			.block(Duration.ofMinutes(2));

		double lookups = lookups() - lookupsBefore;
		assertThat(lookups).as("database lookups").isLessThanOrEqualTo(25);
		assertThat(statuses.getOrDefault(429, 0L)).as("random keys refused without a lookup").isGreaterThan(950);
		assertThat(statuses.getOrDefault(401, 0L) + statuses.get(429)).isEqualTo(1000);
		assertThat(statuses).as("the demo key from both addresses").containsEntry(1200, 20L).containsEntry(2200, 20L);

		expectProblem(request(randomKey(), flooder).exchange(), HttpStatus.TOO_MANY_REQUESTS,
				"TOO_MANY_FAILED_AUTHENTICATIONS")
			.consumeWith((result) -> assertThat(result.getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER))
				.matches("[1-9][0-9]*"));
		// A key no replica has cached needs the database: refused from the flooding
		// address, accepted from any other, and from then on from the flooder too.
		String fresh = issueKey();
		assertThat(status(fresh, flooder)).isEqualTo(429);
		assertThat(status(fresh, other)).isEqualTo(200);
		assertThat(status(fresh, flooder)).isEqualTo(200);
		assertThat(lookups() - lookupsBefore).as("database lookups").isLessThanOrEqualTo(26);
	}

	@Test
	void theSameUnknownKeyFromHundredAddressesCostsOneDatabaseLookup() {
		String key = randomKey();
		double lookupsBefore = lookups();

		for (int i = 1; i <= 100; i++) {
			assertThat(status(key, "203.0.113." + i)).isEqualTo(401);
		}

		assertThat(lookups() - lookupsBefore).isEqualTo(1);
	}

	@Test
	void theSameUnknownKeyRepeatedFromOneAddressCostsOneDatabaseLookup() {
		String key = randomKey();
		double lookupsBefore = lookups();

		List<Integer> statuses = Flux.range(0, 100)
			.concatMap((i) -> call(key, "198.51.100.23"))
			.collectList()
			.block(Duration.ofMinutes(1));

		assertThat(lookups() - lookupsBefore).isEqualTo(1);
		assertThat(statuses.subList(0, 10)).containsOnly(401);
		assertThat(statuses.subList(10, 100)).containsOnly(429);
	}

	private Mono<Integer> call(String key, String address) {
		return WebClient.create("http://localhost:" + this.port)
			.get()
			.uri("/api/v1/messages")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + key)
			.header(FORWARDED_FOR, address)
			.exchangeToMono((response) -> response.releaseBody().thenReturn(response.statusCode().value()))
			.timeout(Duration.ofSeconds(30), Mono.error(() -> new AssertionError(
					"No answer within 30 s to " + key.substring(0, 12) + "... from " + address)));
	}

	private int status(String key, String address) {
		return call(key, address).block(Duration.ofSeconds(30));
	}

	private WebTestClient.RequestHeadersSpec<?> request(String key, String address) {
		return this.client.get()
			.uri("/api/v1/messages")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + key)
			.header(FORWARDED_FOR, address);
	}

	private String issueKey() {
		Map<?, ?> issued = this.client.post()
			.uri("/admin/v1/tenants/demo/keys")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + OPERATOR_KEY)
			.bodyValue(Map.of("name", "Flood test", "scopes", List.of("messages:read")))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		return (String) issued.get("key");
	}

	private double lookups() {
		return this.meters.get("gateway.api_keys.lookups").counter().count();
	}

	/** Well-formed, random; ThreadLocalRandom, as keys are made on event loops. */
	private static String randomKey() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		return "sb_" + HexFormat.of().toHexDigits(random.nextLong()) + "."
				+ HexFormat.of().toHexDigits(random.nextLong()) + HexFormat.of().toHexDigits(random.nextLong());
	}

}
