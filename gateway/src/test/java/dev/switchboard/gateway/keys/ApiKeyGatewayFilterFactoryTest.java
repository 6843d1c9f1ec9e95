package dev.switchboard.gateway.keys;

import java.text.ParseException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import dev.switchboard.gateway.identity.InternalTokenIssuer;
import dev.switchboard.gateway.identity.InternalTokenProperties;
import dev.switchboard.gateway.limits.RateDecision;
import dev.switchboard.gateway.limits.RateLimiter;
import dev.switchboard.gateway.web.GatewayProblem;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.http.HttpHeaders;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ServerWebExchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

class ApiKeyGatewayFilterFactoryTest {

	private static final UUID KEY_ID = UUID.fromString("00000000-0000-4000-8000-00000000de01");

	private static final String LOCAL_SIGNING_KEY = "local-1:MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgsjlZ5SgK+LQasYNAn5NU6GHnVl2Aw8rJiG7KRYCRLvShRANCAATYhWCljAi5H2ODi+CEkJHZVDwm+yoXjks7kB4K2/KggFpxYC0prCpNaZ3Zylgg4bGjJC4n43keIMXwDaFaFA4x";

	private final ApiKeyAuthenticator authenticator = mock(ApiKeyAuthenticator.class);

	private final RateLimiter limiter = mock(RateLimiter.class);

	private final ApiKeyGatewayFilterFactory factory = new ApiKeyGatewayFilterFactory(this.authenticator,
			mock(LastUsedRecorder.class),
			new InternalTokenIssuer(
					new InternalTokenProperties(LOCAL_SIGNING_KEY, Duration.ofSeconds(60), "switchboard-gateway")),
			this.limiter);

	private final AtomicReference<ServerWebExchange> forwarded = new AtomicReference<>();

	private final GatewayFilterChain chain = (exchange) -> {
		this.forwarded.set(exchange);
		return Mono.empty();
	};

	@BeforeEach
	void allowed() {
		given(this.limiter.check(any(), any(), any(), any()))
			.willReturn(Mono.just(new RateDecision(true, 50, 49, 1, 0, "redis")));
	}

	@Test
	void forwardsWithIdentityTokenWhenScopesAreGranted() throws ParseException {
		given(this.authenticator.authenticate(any()))
			.willReturn(Mono.just(key(Set.of("messages:send", "messages:read"))));

		StepVerifier
			.create(filter("messages:send messages:read").filter(withKey("sb_demokey1.localdemosecret"), this.chain))
			.verifyComplete();

		HttpHeaders headers = this.forwarded.get().getRequest().getHeaders();
		assertThat(headers.getFirst(HttpHeaders.AUTHORIZATION)).startsWith("Bearer ey");
		assertThat(headers.getFirst("X-Tenant-Id")).isNull();
		SignedJWT token = SignedJWT.parse(headers.getFirst(HttpHeaders.AUTHORIZATION).substring("Bearer ".length()));
		assertThat(token.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
		assertThat(token.getHeader().getKeyID()).isEqualTo("local-1");
		assertThat(token.getJWTClaimsSet().getAudience()).containsExactly("messaging-service");
		assertThat(token.getJWTClaimsSet().getStringClaim("tenant_id")).isEqualTo("demo");
		assertThat(Duration.between(token.getJWTClaimsSet().getIssueTime().toInstant(),
				token.getJWTClaimsSet().getExpirationTime().toInstant()))
			.isLessThanOrEqualTo(Duration.ofSeconds(60));
	}

	@Test
	void eachRouteNamesTheServiceItsTokenIsFor() throws ParseException {
		given(this.authenticator.authenticate(any())).willReturn(Mono.just(key(Set.of("webhook:vizi"))));
		ApiKeyGatewayFilterFactory.Config config = new ApiKeyGatewayFilterFactory.Config();
		config.setAudience("webhook-ingest");
		config.setScopes(List.of("webhook:vizi"));

		StepVerifier.create(this.factory.apply(config).filter(withKey("sb_vizikey1.visisecret1"), this.chain))
			.verifyComplete();

		String authorization = this.forwarded.get().getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
		assertThat(SignedJWT.parse(authorization.substring("Bearer ".length())).getJWTClaimsSet().getAudience())
			.containsExactly("webhook-ingest");
	}

	@Test
	void aRouteWithoutItsServiceIsAConfigurationError() {
		ApiKeyGatewayFilterFactory.Config config = new ApiKeyGatewayFilterFactory.Config();
		config.setScopes(List.of("messages:read"));

		assertThatIllegalArgumentException().isThrownBy(() -> this.factory.apply(config))
			.withMessageContaining("audience");
	}

	@Test
	void acceptsTheKeyInXApiKeyAndDoesNotForwardIt() {
		given(this.authenticator.authenticate(any())).willReturn(Mono.just(key(Set.of("webhook:vizi"))));
		MockServerWebExchange exchange = MockServerWebExchange
			.from(MockServerHttpRequest.post("/api/v1/webhooks/vizi/orders")
				.header("X-API-Key", "sb_vizikey1.visisecret1"));

		StepVerifier.create(filter("webhook:vizi").filter(exchange, this.chain)).verifyComplete();

		HttpHeaders headers = this.forwarded.get().getRequest().getHeaders();
		assertThat(headers.getFirst(HttpHeaders.AUTHORIZATION)).startsWith("Bearer ey");
		assertThat(headers.getFirst("X-API-Key")).isNull();
	}

	@Test
	void refusesOverLimitWith429AndHeaders() {
		given(this.authenticator.authenticate(any())).willReturn(Mono.just(key(Set.of("messages:read"))));
		given(this.limiter.check(any(), any(), any(), any()))
			.willReturn(Mono.just(new RateDecision(false, 50, 0, 1, 1, "redis")));
		MockServerWebExchange exchange = withKey("sb_demokey1.localdemosecret");

		StepVerifier.create(filter("messages:read").filter(exchange, this.chain))
			.verifyErrorSatisfies((failure) -> assertThat(failure).isInstanceOf(GatewayProblem.class)
				.hasMessageContaining("Rate limit"));
		assertThat(exchange.getResponse().getHeaders().getFirst("RateLimit-Remaining")).isEqualTo("0");
		assertThat(exchange.getResponse().getHeaders().getFirst("Retry-After")).isEqualTo("1");
		assertThat(this.forwarded.get()).isNull();
	}

	@Test
	void operatorKeysCannotCallTenantApis() {
		given(this.authenticator.authenticate(any())).willReturn(
				Mono.just(new AuthenticatedKey(KEY_ID, null, Set.of("admin"), true, null, List.of(), null, null)));

		StepVerifier.create(filter("messages:read").filter(withKey("sb_operator1.localoperatorsecret"), this.chain))
			.verifyError(GatewayProblem.class);
		assertThat(this.forwarded.get()).isNull();
	}

	@Test
	void rejectsMissingScopesNamingThem() {
		given(this.authenticator.authenticate(any())).willReturn(Mono.just(key(Set.of("messages:read"))));

		StepVerifier
			.create(filter("messages:read,messages:send").filter(withKey("sb_demokey1.localdemosecret"), this.chain))
			.verifyErrorSatisfies((failure) -> assertThat(failure).isInstanceOf(GatewayProblem.class)
				.hasMessageContaining("messages:send")
				.hasMessageNotContaining("messages:read"));
		assertThat(this.forwarded.get()).isNull();
	}

	@Test
	void unreachableKeyStoreIsUnavailableNotUnauthorized() {
		given(this.authenticator.authenticate(any()))
			.willReturn(Mono.error(new IllegalStateException("database down")));

		StepVerifier.create(filter("messages:read").filter(withKey("sb_demokey1.localdemosecret"), this.chain))
			.verifyErrorSatisfies((failure) -> assertThat(failure).isInstanceOf(GatewayProblem.class)
				.hasMessageContaining("retry later"));
		assertThat(this.forwarded.get()).isNull();
	}

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

	private static AuthenticatedKey key(Set<String> scopes) {
		return new AuthenticatedKey(KEY_ID, "demo", scopes, false, "standard", List.of(), null, null);
	}

	private GatewayFilter filter(String scopes) {
		ApiKeyGatewayFilterFactory.Config config = new ApiKeyGatewayFilterFactory.Config();
		config.setAudience("messaging-service");
		config.setScopes(List.of(scopes));
		return this.factory.apply(config);
	}

	private static MockServerWebExchange withKey(String key) {
		return MockServerWebExchange.from(MockServerHttpRequest.post("/api/v1/messages")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + key)
			.header("X-Tenant-Id", "acme"));
	}

}
