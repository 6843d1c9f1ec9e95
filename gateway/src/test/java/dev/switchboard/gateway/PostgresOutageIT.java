package dev.switchboard.gateway;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.switchboard.infra.PostgresEndpoint;
import dev.switchboard.infra.SharedInfra;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * PostgreSQL stopped under the gateway: keys that authenticated lately keep working from
 * memory, a key revoked before the outage stays refused, and a key never seen cannot be
 * checked (503) until PostgreSQL is back. The caches are short here, so that only the
 * outage grace can answer. Once PostgreSQL is back, the very first calls that need it
 * succeed: the connection pool got rid of the connections that died with the server.
 */
@TestPropertySource(properties = { "switchboard.api-keys.cache-ttl=200ms", "switchboard.api-keys.redis-cache-ttl=1s" })
class PostgresOutageIT extends GatewayTestBase {

	@Test
	void keysSeenLatelyKeepWorkingWhilePostgresIsDownAndRevocationsStillWin() {
		Map<?, ?> revoked = createKey("outage");
		String revokedKey = (String) revoked.get("key");
		get(DEMO_KEY).expectStatus().isOk();
		get(revokedKey).expectStatus().isOk();
		this.client.post()
			.uri("/admin/v1/tenants/demo/keys/" + revoked.get("id") + "/revoke")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + OPERATOR_KEY)
			.exchange()
			.expectStatus()
			.isOk();

		PostgresEndpoint postgres = SharedInfra.get().postgres();
		postgres.stop();
		try {
			// Past the memory and Redis caches: only the outage grace knows the demo key.
			await().pollDelay(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
				get(DEMO_KEY).expectStatus().isOk();
				assertThat(status(revokedKey)).isNotEqualTo(200);
				expectProblem(get("sb_neverseen1.whatever"), HttpStatus.SERVICE_UNAVAILABLE, "SERVICE_UNAVAILABLE");
			});
		}
		finally {
			postgres.start();
		}
		// Right away, not eventually: reads and writes the keys table.
		createKey("after-outage");
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> expectProblem(get(revokedKey), HttpStatus.UNAUTHORIZED, "INVALID_API_KEY"));
		get(DEMO_KEY).expectStatus().isOk();
	}

	private Map<?, ?> createKey(String name) {
		return this.client.post()
			.uri("/admin/v1/tenants/demo/keys")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + OPERATOR_KEY)
			.bodyValue(Map.of("name", name, "scopes", List.of("messages:read")))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
	}

	private ResponseSpec get(String key) {
		return this.client.get()
			.uri("/api/v1/messages/m1")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + key)
			.exchange();
	}

	private int status(String key) {
		return get(key).returnResult(String.class).getStatus().value();
	}

}
