package dev.switchboard.gateway.keys;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;

class ApiKeyGatewayFilterFactoryTest {

	@Test
	void replacesTheKeyAndDropsForgedIdentityHeaders() {
		HttpHeaders headers = new HttpHeaders();
		headers.set(HttpHeaders.AUTHORIZATION, "Bearer sb_demokey1.localdemosecret");
		headers.set("X-Tenant-Id", "acme");
		headers.set("x-switchboard-tenant", "acme");
		headers.set("X-Switchboard-Scopes", "admin");
		headers.set("X-Internal-Token", "forged");
		headers.set("X-Request-Id", "req-1");
		headers.set("Content-Type", "application/json");

		ApiKeyGatewayFilterFactory.replaceIdentity(headers, "signed.jws.token");

		assertThat(headers.get(HttpHeaders.AUTHORIZATION)).containsExactly("Bearer signed.jws.token");
		assertThat(headers.headerNames()).containsExactlyInAnyOrder("Authorization", "X-Request-Id", "Content-Type");
	}

}
