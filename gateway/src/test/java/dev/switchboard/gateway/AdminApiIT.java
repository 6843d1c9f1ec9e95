package dev.switchboard.gateway;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.switchboard.events.EventJson;
import dev.switchboard.events.tenants.ChannelConfig;
import dev.switchboard.events.tenants.EncryptedSecret;
import dev.switchboard.tenants.SecretCipher;
import dev.switchboard.events.tenants.TenantConfig;
import dev.switchboard.gateway.TenantConfigTopic.Published;
import io.r2dbc.postgresql.codec.Json;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The operator API: tenants, channels, order sources, named secrets and keys, secrets
 * encrypted and never shown again, every change published on tenants.config.v1, tenant
 * keys kept out.
 */
class AdminApiIT extends GatewayTestBase {

	private static final SecretCipher CIPHER = SecretCipher
		.fromSpec("local:bG9jYWwtc3dpdGNoYm9hcmQtc2VjcmV0cy1rZXktMzI=");

	@Autowired
	private DatabaseClient database;

	@Test
	void operatorConfiguresATenantAndEveryChangeIsPublished() {
		admin("POST", "/admin/v1/tenants", Map.of("id", "shop1", "name", "Shop One")).expectStatus()
			.isCreated()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("ACTIVE")
			.jsonPath("$.plan")
			.isEqualTo("standard");
		expectProblem(admin("POST", "/admin/v1/tenants", Map.of("id", "shop1", "name", "Again")), HttpStatus.CONFLICT,
				"CONFLICT");

		String meta = admin("POST", "/admin/v1/tenants/shop1/channels",
				Map.of("channelId", "shop1-meta", "provider", "META", "phoneNumberId", "100000000000777", "wabaId",
						"200000000000777", "accessToken", "shop1-meta-token", "appSecrets", List.of("shop1-app-secret"),
						"verifyToken", "shop1-verify", "messagesPerSecond", 80))
			.expectStatus()
			.isCreated()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(meta).contains("\"appSecretCount\":1", "\"accessTokenSet\":true")
			.doesNotContain("shop1-meta-token", "shop1-app-secret", "shop1-verify", "ciphertext");
		admin("POST", "/admin/v1/tenants/shop1/channels", Map.of("channelId", "shop1-cbb", "provider", "CBB", "baseUrl",
				"https://cbb.example.com", "accessToken", "shop1-cbb-token", "customFields", Map.of("orderId", "cf_1")))
			.expectStatus()
			.isCreated();
		admin("PUT", "/admin/v1/tenants/shop1/order-sources/vizi",
				Map.of("signingSecrets", List.of("whsec_c2hvcDEtdml6aQ==")))
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.signingSecretCount")
			.isEqualTo(1);
		String listed = admin("GET", "/admin/v1/tenants/shop1/channels", null).expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(listed).contains("shop1-meta", "shop1-cbb").doesNotContain("token", "secret\":\"");

		Json stored = this.database
			.sql("SELECT access_token FROM channels WHERE tenant_id = 'shop1' AND channel_id = 'shop1-meta'")
			.map((row) -> row.get("access_token", Json.class))
			.one()
			.block();
		assertThat(stored.asString()).doesNotContain("shop1-meta-token");
		assertThat(
				CIPHER.decrypt(EventJson.read(stored.asArray(), EncryptedSecret.class), "shop1/shop1-meta/accessToken"))
			.isEqualTo("shop1-meta-token");

		await().atMost(Duration.ofSeconds(30)).until(() -> TenantConfigTopic.versions("shop1").contains(4L));
		List<Published> published = TenantConfigTopic.read("shop1");
		assertThat(published).extracting((record) -> record.config().version()).containsExactly(1L, 2L, 3L, 4L);
		Published last = published.get(published.size() - 1);
		assertThat(last.type()).isEqualTo("switchboard.tenants.config.v1");
		TenantConfig config = last.config();
		assertThat(config.status()).isEqualTo(TenantConfig.ACTIVE);
		assertThat(config.channels()).extracting(ChannelConfig::channelId).containsExactly("shop1-cbb", "shop1-meta");
		ChannelConfig metaChannel = config.channels().get(1);
		assertThat(CIPHER.decrypt(metaChannel.appSecrets().get(0), "shop1/shop1-meta/appSecret"))
			.isEqualTo("shop1-app-secret");
		assertThat(CIPHER.decrypt(metaChannel.verifyToken(), "shop1/shop1-meta/verifyToken")).isEqualTo("shop1-verify");
		assertThat(config.channels().get(0).customFields()).containsEntry("orderId", "cf_1");
		assertThat(
				CIPHER.decrypt(config.orderSources().get(0).signingSecrets().get(0), "shop1/orders/vizi/signingSecret"))
			.isEqualTo("whsec_c2hvcDEtdml6aQ==");
	}

	@Test
	void channelTemplateFallbacksAreSetCheckedAndPublished() {
		admin("POST", "/admin/v1/tenants", Map.of("id", "fallback1", "name", "Fallbacks One")).expectStatus()
			.isCreated();
		Map<String, Object> channel = new LinkedHashMap<>(
				Map.of("channelId", "fallback1-meta", "provider", "META", "phoneNumberId", "100000000000888",
						"accessToken", "fallback1-token", "appSecrets", List.of("fallback1-app-secret")));
		channel.put("templateFallbacks", "order_update_basic");
		expectProblem(admin("POST", "/admin/v1/tenants/fallback1/channels", channel), HttpStatus.BAD_REQUEST,
				"MALFORMED_REQUEST")
			.jsonPath("$.detail")
			.value((String detail) -> assertThat(detail).contains("'templateFallbacks'"));
		channel.put("templateFallbacks",
				Map.of("order_update", Map.of("name", "order_update_basic", "language", "en")));
		expectProblem(admin("POST", "/admin/v1/tenants/fallback1/channels", channel), HttpStatus.BAD_REQUEST,
				"INVALID_TEMPLATE_FALLBACKS")
			.jsonPath("$.detail")
			.value((String detail) -> assertThat(detail).contains("templateFallbacks.order_update:", "not an object"));
		channel.put("templateFallbacks", Map.of("order_update", "order_update"));
		expectProblem(admin("POST", "/admin/v1/tenants/fallback1/channels", channel), HttpStatus.BAD_REQUEST,
				"INVALID_TEMPLATE_FALLBACKS")
			.jsonPath("$.detail")
			.value((String detail) -> assertThat(detail).contains("templateFallbacks.order_update:", "its own"));

		channel.put("templateFallbacks", Map.of("order_update", "order_update_basic"));
		admin("POST", "/admin/v1/tenants/fallback1/channels", channel).expectStatus()
			.isCreated()
			.expectBody()
			.jsonPath("$.templateFallbacks.order_update")
			.isEqualTo("order_update_basic");
		expectProblem(
				admin("PUT", "/admin/v1/tenants/fallback1/channels/fallback1-meta/template-fallbacks",
						Map.of("templateFallbacks", Map.of("Order Alert!", "order_alert_basic"))),
				HttpStatus.BAD_REQUEST, "INVALID_TEMPLATE_FALLBACKS");
		expectProblem(admin("PUT", "/admin/v1/tenants/fallback1/channels/nobody/template-fallbacks",
				Map.of("templateFallbacks", Map.of())), HttpStatus.NOT_FOUND, "NOT_FOUND");
		admin("PUT", "/admin/v1/tenants/fallback1/channels/fallback1-meta/template-fallbacks",
				Map.of("templateFallbacks", Map.of("order_alert", "order_alert_basic")))
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.templateFallbacks.order_alert")
			.isEqualTo("order_alert_basic")
			.jsonPath("$.templateFallbacks.order_update")
			.doesNotExist();
		admin("GET", "/admin/v1/tenants/fallback1/channels", null).expectBody()
			.jsonPath("$.items[0].templateFallbacks.order_alert")
			.isEqualTo("order_alert_basic");

		// Created, channel added, fallbacks replaced: what messaging-service reads.
		await().atMost(Duration.ofSeconds(30)).until(() -> TenantConfigTopic.versions("fallback1").contains(3L));
		List<Published> published = TenantConfigTopic.read("fallback1");
		assertThat(published).extracting((record) -> record.config().version()).containsExactly(1L, 2L, 3L);
		assertThat(published.get(1).config().channels().get(0).templateFallbacks())
			.containsExactly(Map.entry("order_update", "order_update_basic"));
		assertThat(published.get(2).config().channels().get(0).templateFallbacks())
			.containsExactly(Map.entry("order_alert", "order_alert_basic"));
	}

	@Test
	void demoTenantsAreSeededAndPublished() {
		await().atMost(Duration.ofSeconds(30)).until(() -> !TenantConfigTopic.read("demo").isEmpty());
		TenantConfig demo = TenantConfigTopic.read("demo").get(0).config();
		assertThat(demo.channels()).extracting(ChannelConfig::channelId).containsExactly("demo-cbb", "demo-meta");
		ChannelConfig meta = demo.channels().get(1);
		assertThat(meta.phoneNumberId()).isEqualTo("100000000000001");
		assertThat(meta.wabaId()).isEqualTo("200000000000001");
		assertThat(CIPHER.decrypt(meta.appSecrets().get(0), "demo/demo-meta/appSecret")).isEqualTo("demo-app-secret");
		assertThat(CIPHER.decrypt(meta.verifyToken(), "demo/demo-meta/verifyToken")).isEqualTo("demo-verify-token");
		assertThat(CIPHER.decrypt(meta.accessToken(), "demo/demo-meta/accessToken")).isEqualTo("demo-access-token");
		ChannelConfig cbb = demo.channels().get(0);
		assertThat(cbb.baseUrl()).isEqualTo("http://localhost:8090/cbb");
		assertThat(CIPHER.decrypt(cbb.accessToken(), "demo/demo-cbb/accessToken")).isEqualTo("demo-cbb-token");
		assertThat(CIPHER.decrypt(demo.orderSources().get(0).signingSecrets().get(0), "demo/orders/vizi/signingSecret"))
			.isEqualTo("whsec_ZGVtby12aXppLXNpZ25pbmctc2VjcmV0");
		await().atMost(Duration.ofSeconds(30)).until(() -> !TenantConfigTopic.read("acme").isEmpty());
		// The token its failed-message escalation workflow sends to the simulators'
		// helpdesk.
		assertThat(demo.secret("helpdesk_token"))
			.hasValueSatisfying((secret) -> assertThat(CIPHER.decrypt(secret.value(), "demo/secrets/helpdesk_token"))
				.isEqualTo("demo-helpdesk-token"));
	}

	@Test
	void namedSecretsAreSetListedWithoutValuesPublishedEncryptedAndDeleted() {
		admin("POST", "/admin/v1/tenants", Map.of("id", "secrets1", "name", "Secrets One")).expectStatus().isCreated();
		admin("POST", "/admin/v1/tenants", Map.of("id", "secrets2", "name", "Secrets Two")).expectStatus().isCreated();
		String set = admin("PUT", "/admin/v1/tenants/secrets1/secrets/helpdesk_token",
				Map.of("value", "hd-first-value-81f3"))
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(set).contains("\"name\":\"helpdesk_token\"", "updatedAt")
			.doesNotContain("hd-first-value-81f3", "ciphertext");
		String listed = admin("GET", "/admin/v1/tenants/secrets1/secrets", null).expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(listed).contains("helpdesk_token", "updatedAt").doesNotContain("hd-first-value-81f3", "ciphertext");
		admin("GET", "/admin/v1/tenants/secrets2/secrets", null).expectBody().jsonPath("$.items").isEmpty();

		Json stored = this.database
			.sql("SELECT value FROM tenant_secrets WHERE tenant_id = 'secrets1' AND name = 'helpdesk_token'")
			.map((row) -> row.get("value", Json.class))
			.one()
			.block();
		assertThat(stored.asString()).doesNotContain("hd-first-value-81f3");

		await().atMost(Duration.ofSeconds(30)).until(() -> TenantConfigTopic.versions("secrets1").contains(2L));
		Published published = TenantConfigTopic.read("secrets1").get(1);
		assertThat(published.json()).contains("helpdesk_token").doesNotContain("hd-first-value-81f3");
		EncryptedSecret secret = published.config().secret("helpdesk_token").orElseThrow().value();
		assertThat(CIPHER.decrypt(secret, "secrets1/secrets/helpdesk_token")).isEqualTo("hd-first-value-81f3");
		// Bound to its tenant and name: a copy elsewhere does not open.
		assertThatThrownBy(() -> CIPHER.decrypt(secret, "secrets2/secrets/helpdesk_token"))
			.isInstanceOf(IllegalArgumentException.class);

		admin("PUT", "/admin/v1/tenants/secrets1/secrets/helpdesk_token", Map.of("value", "hd-second-value-29c4"))
			.expectStatus()
			.isOk();
		admin("DELETE", "/admin/v1/tenants/secrets1/secrets/helpdesk_token", null).expectStatus().isNoContent();
		expectProblem(admin("DELETE", "/admin/v1/tenants/secrets1/secrets/helpdesk_token", null), HttpStatus.NOT_FOUND,
				"NOT_FOUND");
		await().atMost(Duration.ofSeconds(30)).until(() -> TenantConfigTopic.versions("secrets1").contains(4L));
		List<Published> versions = TenantConfigTopic.read("secrets1");
		assertThat(versions).extracting((record) -> record.config().version()).containsExactly(1L, 2L, 3L, 4L);
		assertThat(CIPHER.decrypt(versions.get(2).config().secret("helpdesk_token").orElseThrow().value(),
				"secrets1/secrets/helpdesk_token"))
			.isEqualTo("hd-second-value-29c4");
		assertThat(versions.get(3).config().secrets()).isEmpty();
		assertThat(TenantConfigTopic.read("secrets2"))
			.allSatisfy((record) -> assertThat(record.config().secrets()).isEmpty());
	}

	@Test
	void badSecretNamesValuesAndTenantsAreRefusedAndTenantKeysKeptOut() {
		for (String name : List.of("helpdesk.token", "Helpdesk", "1token", "help-desk", "x".repeat(65))) {
			expectProblem(admin("PUT", "/admin/v1/tenants/demo/secrets/" + name, Map.of("value", "v")),
					HttpStatus.BAD_REQUEST, "INVALID_SECRET_NAME");
		}
		// Escapes: refused as an ambiguous path where the gateway judges them so, else as
		// the name they spell.
		for (String encoded : List.of("helpdesk%2Etoken", "helpdesk%20token", "%68elpdesk%0Atoken",
				"helpdesk%2Ftoken")) {
			this.client.put()
				.uri(URI.create("http://localhost:" + this.port + "/admin/v1/tenants/demo/secrets/" + encoded))
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + OPERATOR_KEY)
				.bodyValue(Map.of("value", "v"))
				.exchange()
				.expectStatus()
				.isBadRequest()
				.expectBody()
				.jsonPath("$.code")
				.value((String code) -> assertThat(code).as(encoded).isIn("INVALID_PATH", "INVALID_SECRET_NAME"));
		}
		expectProblem(admin("DELETE", "/admin/v1/tenants/demo/secrets/helpdesk.token", null), HttpStatus.BAD_REQUEST,
				"INVALID_SECRET_NAME");

		Map<String, Object> nullValue = new LinkedHashMap<>();
		nullValue.put("value", null);
		Map<Object, String> refused = new LinkedHashMap<>();
		refused.put(Map.of(), "required");
		refused.put(nullValue, "required");
		refused.put(Map.of("value", 12345), "not a number");
		refused.put(Map.of("value", Map.of("token", "t")), "not an object");
		refused.put(Map.of("value", List.of("t")), "not an array");
		refused.put(Map.of("value", ""), "1-4096 characters");
		refused.put(Map.of("value", "x".repeat(4097)), "1-4096 characters");
		refused.put(Map.of("value", "line\r\nX-Injected: yes"), "control characters");
		refused.forEach((body, reason) -> expectProblem(admin("PUT", "/admin/v1/tenants/demo/secrets/probe", body),
				HttpStatus.BAD_REQUEST, "INVALID_SECRET_VALUE")
			.jsonPath("$.detail")
			.value((String detail) -> assertThat(detail).contains("value:", reason).doesNotContain("X-Injected")));
		expectProblem(this.client.put()
			.uri("/admin/v1/tenants/demo/secrets/probe")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + OPERATOR_KEY)
			.header(HttpHeaders.CONTENT_TYPE, "application/json")
			.exchange(), HttpStatus.BAD_REQUEST, "MALFORMED_REQUEST");
		admin("GET", "/admin/v1/tenants/demo/secrets", null).expectBody()
			.jsonPath("$.items[?(@.name == 'probe')]")
			.isEmpty();

		expectProblem(admin("PUT", "/admin/v1/tenants/nobody/secrets/probe", Map.of("value", "v")),
				HttpStatus.NOT_FOUND, "NOT_FOUND");
		expectProblem(admin("GET", "/admin/v1/tenants/nobody/secrets", null), HttpStatus.NOT_FOUND, "NOT_FOUND");
		expectProblem(admin("DELETE", "/admin/v1/tenants/nobody/secrets/probe", null), HttpStatus.NOT_FOUND,
				"NOT_FOUND");

		// Operator keys only: a tenant's own key can neither set, list nor delete.
		expectProblem(tenantKeys(DEMO_KEY, "PUT", "/admin/v1/tenants/demo/secrets/probe", Map.of("value", "v")),
				HttpStatus.FORBIDDEN, "INSUFFICIENT_SCOPE");
		expectProblem(tenantKeys(DEMO_KEY, "GET", "/admin/v1/tenants/demo/secrets", null), HttpStatus.FORBIDDEN,
				"INSUFFICIENT_SCOPE");
		expectProblem(tenantKeys(ACME_KEY, "DELETE", "/admin/v1/tenants/demo/secrets/helpdesk_token", null),
				HttpStatus.FORBIDDEN, "INSUFFICIENT_SCOPE");
		admin("GET", "/admin/v1/tenants/demo/secrets", null).expectBody()
			.jsonPath("$.items[?(@.name == 'helpdesk_token')]")
			.exists();
	}

	@Test
	void keysAreShownOnceStoredHashedRotatedAndRevoked() {
		admin("POST", "/admin/v1/tenants", Map.of("id", "keys1", "name", "Keys One")).expectStatus().isCreated();
		Map<?, ?> issued = issueKey("keys1", List.of("messages:read"));
		String key = (String) issued.get("key");
		String keyId = (String) issued.get("id");
		assertThat(key).matches("sb_[a-z0-9]{12}\\.[A-Za-z0-9_-]{43}");
		assertThat(issued.get("prefix")).isEqualTo(key.substring(3, 15));
		byte[] hash = this.database.sql("SELECT secret_hash FROM api_keys WHERE id = :id::uuid")
			.bind("id", keyId)
			.map((row) -> row.get("secret_hash", byte[].class))
			.one()
			.block();
		assertThat(hash).hasSize(32);
		getWith(key).expectStatus().isOk();
		String list = admin("GET", "/admin/v1/tenants/keys1/keys", null).expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(list).contains(keyId).doesNotContain(key.substring(16));

		Map<?, ?> rotated = admin("POST", "/admin/v1/tenants/keys1/keys/" + keyId + "/rotate",
				Map.of("overlap", "PT1H"))
			.expectStatus()
			.isCreated()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		String newKey = (String) rotated.get("key");
		getWith(key).expectStatus().isOk();
		getWith(newKey).expectStatus().isOk();
		OffsetDateTime oldExpiry = this.database.sql("SELECT expires_at FROM api_keys WHERE id = :id::uuid")
			.bind("id", keyId)
			.map((row) -> row.get("expires_at", OffsetDateTime.class))
			.one()
			.block();
		assertThat(oldExpiry.toInstant()).isBetween(Instant.now().plusSeconds(3500), Instant.now().plusSeconds(3700));

		admin("POST", "/admin/v1/tenants/keys1/keys/" + rotated.get("id") + "/rotate", Map.of("overlap", "PT0S"))
			.expectStatus()
			.isCreated();
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> expectProblem(getWith(newKey), HttpStatus.UNAUTHORIZED, "INVALID_API_KEY"));

		expectProblem(admin("POST", "/admin/v1/tenants/demo/keys/" + keyId + "/revoke", null), HttpStatus.NOT_FOUND,
				"NOT_FOUND");
		admin("POST", "/admin/v1/tenants/keys1/keys/" + keyId + "/revoke", null).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.revokedAt")
			.exists();
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> expectProblem(getWith(key), HttpStatus.UNAUTHORIZED, "INVALID_API_KEY"));
	}

	@Test
	void privilegedFieldsInBodiesAreIgnored() {
		Map<?, ?> issued = admin("POST", "/admin/v1/tenants/demo/keys",
				Map.of("name", "Sneaky", "scopes", List.of("messages:read"), "kind", "operator", "tenantId", "acme",
						"tenant_id", "acme", "id", "00000000-0000-4000-8000-00000000ac01", "secretHash", "AAAA"))
			.expectStatus()
			.isCreated()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		assertThat(issued.get("tenantId")).isEqualTo("demo");
		assertThat(issued.get("id")).isNotEqualTo("00000000-0000-4000-8000-00000000ac01");
		String key = (String) issued.get("key");
		getWith(key).expectStatus().isOk();
		expectProblem(this.client.get()
			.uri("/admin/v1/tenants")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + key)
			.exchange(), HttpStatus.FORBIDDEN, "INSUFFICIENT_SCOPE");
		String kind = this.database.sql("SELECT kind FROM api_keys WHERE id = :id::uuid")
			.bind("id", issued.get("id"))
			.map((row) -> row.get("kind", String.class))
			.one()
			.block();
		assertThat(kind).isEqualTo("tenant");
	}

	@Test
	void suspendedTenantIsRefusedAtOnceAndPublished() {
		admin("POST", "/admin/v1/tenants", Map.of("id", "susp1", "name", "Suspended One")).expectStatus().isCreated();
		String key = (String) issueKey("susp1", List.of("messages:read")).get("key");
		getWith(key).expectStatus().isOk();

		admin("POST", "/admin/v1/tenants/susp1/suspend", null).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("SUSPENDED");
		expectProblem(getWith(key), HttpStatus.FORBIDDEN, "TENANT_SUSPENDED");
		await().atMost(Duration.ofSeconds(30))
			.until(() -> TenantConfigTopic.read("susp1")
				.stream()
				.anyMatch((record) -> !record.config().active() && record.config().version() == 2));

		admin("POST", "/admin/v1/tenants/susp1/activate", null).expectStatus().isOk();
		getWith(key).expectStatus().isOk();
	}

	@Test
	void tenantKeysAndStrangersCannotAdminister() {
		ResponseSpec tenant = this.client.get()
			.uri("/admin/v1/tenants")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + DEMO_KEY)
			.exchange();
		expectProblem(tenant, HttpStatus.FORBIDDEN, "INSUFFICIENT_SCOPE").jsonPath("$.detail")
			.value((String detail) -> assertThat(detail).contains("admin"));
		expectProblem(this.client.post()
			.uri("/admin/v1/tenants/demo/keys")
			.header("X-API-Key", ACME_KEY)
			.bodyValue(Map.of("name", "sneaky", "scopes", List.of("messages:send")))
			.exchange(), HttpStatus.FORBIDDEN, "INSUFFICIENT_SCOPE");
		expectProblem(this.client.get().uri("/admin/v1/tenants").exchange(), HttpStatus.UNAUTHORIZED, "UNAUTHORIZED")
			.jsonPath("$.requestId")
			.exists();
		expectProblem(this.client.get()
			.uri("/admin/v1/tenants")
			.header(HttpHeaders.AUTHORIZATION, "Bearer sb_operator1.wrongsecret")
			.exchange(), HttpStatus.UNAUTHORIZED, "INVALID_API_KEY");
		// An operator key is not a tenant key either.
		expectProblem(getWith(OPERATOR_KEY), HttpStatus.FORBIDDEN, "INSUFFICIENT_SCOPE");
	}

	@Test
	void invalidRequestsAreRefusedWithTheirFields() {
		expectProblem(admin("POST", "/admin/v1/tenants", Map.of("id", "Bad Id!", "name", "")), HttpStatus.BAD_REQUEST,
				"VALIDATION_FAILED")
			.jsonPath("$.detail")
			.value((String detail) -> assertThat(detail).contains("id:", "name:"));
		expectProblem(admin("POST", "/admin/v1/tenants/demo/channels", Map.of("channelId", "x", "provider", "META")),
				HttpStatus.BAD_REQUEST, "VALIDATION_FAILED")
			.jsonPath("$.detail")
			.value((String detail) -> assertThat(detail).contains("phoneNumberId", "accessToken", "appSecrets"));
		expectProblem(admin("POST", "/admin/v1/tenants/demo/keys", Map.of("name", "x", "scopes", List.of("admin"))),
				HttpStatus.BAD_REQUEST, "VALIDATION_FAILED");
		expectProblem(admin("GET", "/admin/v1/tenants/nobody", null), HttpStatus.NOT_FOUND, "NOT_FOUND");
		expectProblem(
				admin("POST", "/admin/v1/tenants/nobody/keys", Map.of("name", "x", "scopes", List.of("stats:read"))),
				HttpStatus.NOT_FOUND, "NOT_FOUND");
	}

	@Test
	void channelBaseUrlsThatReachInsideAreRefusedWhenSaved() {
		admin("POST", "/admin/v1/tenants", Map.of("id", "ssrf1", "name", "Outbound One")).expectStatus().isCreated();
		Map<String, String> refused = new LinkedHashMap<>();
		refused.put("http://cbb.example.com/api", "is not https");
		refused.put("ftp://cbb.example.com/api", "is not an https URL");
		refused.put("https://admin:pw@cbb.example.com/api", "carries user information");
		refused.put("https://cbb.example.com@10.0.0.1/api", "carries user information");
		refused.put("https://127.0.0.1/api", "is a loopback address (127.0.0.1)");
		refused.put("https://localhost:9443/api", "resolves to a loopback address (127.0.0.1)");
		refused.put("https://10.0.0.1/api", "is a private address (10.0.0.1)");
		refused.put("https://internal.example.test/api", "resolves to a private address (10.0.0.5)");
		refused.put("https://169.254.169.254/latest/meta-data", "is a cloud metadata address (169.254.169.254)");
		refused.put("https://metadata.example.test/", "resolves to a cloud metadata address (169.254.169.254)");
		refused.put("https://169.254.10.1/", "is a link-local address (169.254.10.1)");
		refused.put("https://224.0.0.251/", "is a multicast address (224.0.0.251)");
		refused.put("https://[::1]/api", "is a loopback address (0:0:0:0:0:0:0:1)");
		refused.put("https://[fd00::1]/api", "is a private address (unique local) (fd00:0:0:0:0:0:0:1)");
		refused.put("https://[fd00:ec2::254]/", "is a cloud metadata address (fd00:ec2:0:0:0:0:0:254)");
		refused.put("https://[fe80::1]/api", "is a link-local address (fe80:0:0:0:0:0:0:1)");
		refused.put("https://[::ffff:10.0.0.1]/api", "is a private address (10.0.0.1)");
		refused.put("https://[::ffff:127.0.0.1]/api", "is a loopback address (127.0.0.1)");
		refused.put("https://2130706433/api", "has a numeric host in a non-standard form");
		refused.put("https://0x7f.1/api", "has a numeric host in a non-standard form");
		refused.put("https://nowhere.example.test/api", "its host does not resolve");
		refused.forEach((url,
				reason) -> expectProblem(admin("POST", "/admin/v1/tenants/ssrf1/channels",
						Map.of("channelId", "ssrf1-cbb", "provider", "CBB", "baseUrl", url, "accessToken", "t")),
						HttpStatus.BAD_REQUEST, "INVALID_CHANNEL_BASE_URL")
					.jsonPath("$.detail")
					.isEqualTo("baseUrl: " + reason));
		admin("GET", "/admin/v1/tenants/ssrf1/channels", null).expectBody().jsonPath("$.items").isEmpty();

		admin("POST", "/admin/v1/tenants/ssrf1/channels", Map.of("channelId", "ssrf1-cbb", "provider", "CBB", "baseUrl",
				"https://cbb.example.com/api", "accessToken", "t"))
			.expectStatus()
			.isCreated();
	}

	@Test
	void aTenantKeyWithKeysWriteManagesItsOwnTenantsKeysAndBindsThemToAgents() {
		admin("POST", "/admin/v1/tenants", Map.of("id", "agents1", "name", "Agents One")).expectStatus().isCreated();
		admin("POST", "/admin/v1/tenants", Map.of("id", "agents2", "name", "Agents Two")).expectStatus().isCreated();
		String manager = (String) issueKey("agents1",
				List.of("keys:write", "conversations:read", "conversations:write"))
			.get("key");
		String reader = (String) issueKey("agents1", List.of("conversations:read")).get("key");
		String strangerKeyId = (String) issueKey("agents2", List.of("conversations:read")).get("id");

		expectProblem(tenantKeys(reader, "GET", "/api/v1/keys", null), HttpStatus.FORBIDDEN, "INSUFFICIENT_SCOPE");
		expectProblem(tenantKeys(OPERATOR_KEY, "GET", "/api/v1/keys", null), HttpStatus.FORBIDDEN,
				"INSUFFICIENT_SCOPE");
		expectProblem(
				tenantKeys(manager, "POST", "/api/v1/keys",
						Map.of("name", "Stronger", "scopes", List.of("messages:send"))),
				HttpStatus.BAD_REQUEST, "VALIDATION_FAILED");
		expectProblem(
				tenantKeys(manager, "POST", "/api/v1/keys",
						Map.of("name", "Half bound", "scopes", List.of("conversations:read"), "agentId", "ag-1")),
				HttpStatus.BAD_REQUEST, "VALIDATION_FAILED");
		expectProblem(
				tenantKeys(manager, "POST", "/api/v1/keys", Map.of("name", "Boss", "scopes",
						List.of("conversations:read"), "agentId", "ag-1", "role", "BOSS")),
				HttpStatus.BAD_REQUEST, "VALIDATION_FAILED");

		Map<?, ?> issued = tenantKeys(manager, "POST", "/api/v1/keys",
				Map.of("name", "Ana's key", "scopes", List.of("conversations:read", "conversations:write"), "agentId",
						"ag-1", "role", "AGENT"))
			.expectStatus()
			.isCreated()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		String agentKey = (String) issued.get("key");
		String agentKeyId = (String) issued.get("id");
		assertThat(issued.get("tenantId")).isEqualTo("agents1");
		assertThat(issued.get("agentId")).isEqualTo("ag-1");
		assertThat(issued.get("role")).isEqualTo("AGENT");

		// The identity token tells the service which agent calls, with the binding's
		// role.
		upstream.clear();
		this.client.get()
			.uri("/api/v1/conversations")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + agentKey)
			.exchange()
			.expectStatus()
			.isOk();
		Jwt jwt = ServiceSideTokenVerifier.verify(
				upstream.take().header(HttpHeaders.AUTHORIZATION).get(0).substring("Bearer ".length()),
				"messaging-service");
		assertThat(jwt.getClaimAsString("tenant_id")).isEqualTo("agents1");
		assertThat(jwt.getClaimAsString("agent_id")).isEqualTo("ag-1");
		assertThat(jwt.getClaimAsString("role")).isEqualTo("AGENT");
		this.client.get()
			.uri("/api/v1/conversations")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + manager)
			.exchange()
			.expectStatus()
			.isOk();
		Jwt integration = ServiceSideTokenVerifier.verify(
				upstream.take().header(HttpHeaders.AUTHORIZATION).get(0).substring("Bearer ".length()),
				"messaging-service");
		assertThat(integration.getClaims()).doesNotContainKeys("agent_id", "role");

		String listed = tenantKeys(manager, "GET", "/api/v1/keys", null).expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(listed).contains(agentKeyId, "\"agentId\":\"ag-1\"")
			.doesNotContain(agentKey.substring(16), strangerKeyId);

		expectProblem(tenantKeys(manager, "POST", "/api/v1/keys/" + strangerKeyId + "/revoke", null),
				HttpStatus.NOT_FOUND, "NOT_FOUND");
		expectProblem(tenantKeys(manager, "POST", "/api/v1/keys/" + strangerKeyId + "/rotate", null),
				HttpStatus.NOT_FOUND, "NOT_FOUND");

		Map<?, ?> rotated = tenantKeys(manager, "POST", "/api/v1/keys/" + agentKeyId + "/rotate",
				Map.of("overlap", "PT0S"))
			.expectStatus()
			.isCreated()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		assertThat(rotated.get("agentId")).isEqualTo("ag-1");
		assertThat(rotated.get("role")).isEqualTo("AGENT");
		tenantKeys(manager, "POST", "/api/v1/keys/" + rotated.get("id") + "/revoke", null).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.revokedAt")
			.exists()
			.jsonPath("$.key")
			.doesNotExist();
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> expectProblem(this.client.get()
				.uri("/api/v1/conversations")
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + rotated.get("key"))
				.exchange(), HttpStatus.UNAUTHORIZED, "INVALID_API_KEY"));
	}

	private ResponseSpec tenantKeys(String key, String method, String path, Object body) {
		WebTestClient.RequestBodySpec request = this.client.method(HttpMethod.valueOf(method))
			.uri(path)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + key);
		return (body != null) ? request.bodyValue(body).exchange() : request.exchange();
	}

	private Map<?, ?> issueKey(String tenantId, List<String> scopes) {
		return admin("POST", "/admin/v1/tenants/" + tenantId + "/keys", Map.of("name", "Test key", "scopes", scopes))
			.expectStatus()
			.isCreated()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
	}

	private ResponseSpec getWith(String key) {
		return this.client.get().uri("/api/v1/messages").header(HttpHeaders.AUTHORIZATION, "Bearer " + key).exchange();
	}

	ResponseSpec admin(String method, String path, Object body) {
		WebTestClient.RequestBodySpec request = this.client.method(HttpMethod.valueOf(method))
			.uri(path)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + OPERATOR_KEY);
		return (body != null) ? request.bodyValue(body).exchange() : request.exchange();
	}

}
