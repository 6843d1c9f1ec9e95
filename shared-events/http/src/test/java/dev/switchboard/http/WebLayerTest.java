package dev.switchboard.http;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import dev.switchboard.http.problem.ApiProblem;
import dev.switchboard.http.security.ApiAuthorization;
import dev.switchboard.http.security.Caller;
import dev.switchboard.http.security.Scopes;
import dev.switchboard.http.security.TestTokens;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shared web layer in a small service: internal token, scopes declared by the
 * service, problem answers and request ids.
 */
@SpringBootTest(classes = WebLayerTest.Service.class,
		properties = { "switchboard.internal-token.public-keys=" + TestTokens.LOCAL_PUBLIC_KEYS,
				"switchboard.internal-token.audience=" + WebLayerTest.AUDIENCE })
@AutoConfigureWebTestClient
class WebLayerTest {

	static final String AUDIENCE = "things-service";

	@Autowired
	private WebTestClient client;

	@Test
	void aValidTokenNamesTheTenantAndIdsAreEchoed() {
		this.client.get()
			.uri("/api/v1/things")
			.header("Authorization", TestTokens.bearer(AUDIENCE, "acme", "things:read"))
			.header("X-Correlation-Id", "corr-42")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals("X-Correlation-Id", "corr-42")
			.expectHeader()
			.exists("X-Request-Id")
			.expectBody()
			.jsonPath("$.tenant")
			.isEqualTo("acme");
	}

	@Test
	void malformedIdsAreReplacedNotEchoed() {
		this.client.get()
			.uri("/api/v1/things")
			.header("Authorization", TestTokens.bearer(AUDIENCE, "demo", "things:read"))
			.header("X-Request-Id", "not ok\u00e9")
			.exchange()
			.expectHeader()
			.value("X-Request-Id", (id) -> assertThat(id).hasSize(36))
			.expectHeader()
			.value("X-Correlation-Id", (id) -> assertThat(id).hasSize(36));
	}

	@Test
	void withoutATokenTheAnswerIsAnUnauthorizedProblem() {
		this.client.get()
			.uri("/api/v1/things")
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.valueEquals("WWW-Authenticate", "Bearer")
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectHeader()
			.exists("X-Request-Id")
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("UNAUTHORIZED");
		this.client.get()
			.uri("/api/v1/things")
			.header("Authorization", "Bearer not-a-token")
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("UNAUTHORIZED");
	}

	@Test
	void tokensNotMintedByTheGatewayForThisServiceAreUnauthorizedProblems() throws Exception {
		ECKey local = TestTokens.localKey();
		Instant issued = Instant.now().minusSeconds(300);
		JWTClaimsSet claims = SignedJWT.parse(TestTokens.jws(local, AUDIENCE, UnaryOperator.identity()))
			.getJWTClaimsSet();
		SignedJWT hs256 = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(local.getKeyID()).build(),
				claims);
		hs256.sign(new MACSigner("local-internal-token-secret-0123456789abcdef".getBytes(StandardCharsets.UTF_8)));
		List<String> refused = List.of(hs256.serialize(),
				TestTokens.jws(TestTokens.newKey(local.getKeyID()), AUDIENCE, UnaryOperator.identity()),
				TestTokens.jws(local, "order-service", UnaryOperator.identity()), TestTokens.jws(local, AUDIENCE,
						(c) -> c.issueTime(Date.from(issued)).expirationTime(Date.from(issued.plusSeconds(60)))));
		for (String token : refused) {
			this.client.get()
				.uri("/api/v1/things")
				.header("Authorization", "Bearer " + token)
				.exchange()
				.expectStatus()
				.isUnauthorized()
				.expectHeader()
				.valueEquals("WWW-Authenticate", "Bearer")
				.expectHeader()
				.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
				.expectBody()
				.jsonPath("$.code")
				.isEqualTo("UNAUTHORIZED");
		}
	}

	@Test
	void aMissingScopeIsNamedInTheForbiddenProblem() {
		this.client.post()
			.uri("/api/v1/things")
			.header("Authorization", TestTokens.bearer(AUDIENCE, "demo", "things:read"))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("name", "x"))
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("INSUFFICIENT_SCOPE")
			.jsonPath("$.scope")
			.isEqualTo("things:write")
			.jsonPath("$.detail")
			.isEqualTo("The API key lacks the scope things:write");
	}

	@Test
	void apiProblemsKeepTheirCodeAndProperties() {
		post(Map.of("name", "taken")).expectStatus()
			.isEqualTo(HttpStatus.CONFLICT)
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("ALREADY_EXISTS")
			.jsonPath("$.name")
			.isEqualTo("taken");
	}

	@Test
	void invalidAndMalformedBodiesAreProblems() {
		post(Map.of("name", "")).expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("VALIDATION_FAILED");
		post("{not json").expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("MALFORMED_REQUEST");
	}

	@Test
	void unexpectedFailuresShowNoInternals() {
		post(Map.of("name", "boom")).expectStatus()
			.isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR)
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody(String.class)
			.value((body) -> assertThat(body).contains("\"code\":\"INTERNAL_ERROR\"")
				.doesNotContain("secret internals")
				.doesNotContain("trace")
				.doesNotContain("WebLayerTest"));
	}

	@Test
	void unknownRoutesAreNotFoundProblems() {
		this.client.get()
			.uri("/api/v1/nothing-here")
			.header("Authorization", TestTokens.bearer(AUDIENCE, "demo", "things:read"))
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("NOT_FOUND");
	}

	private WebTestClient.ResponseSpec post(Object body) {
		return this.client.post()
			.uri("/api/v1/things")
			.header("Authorization", TestTokens.bearer(AUDIENCE, "demo", "things:write"))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@Import(ThingController.class)
	static class Service {

		@Bean
		ApiAuthorization thingRoutes() {
			return (exchanges) -> exchanges.pathMatchers(HttpMethod.POST, "/api/v1/things")
				.access(Scopes.required("things:write"))
				.pathMatchers(HttpMethod.GET, "/api/v1/things")
				.access(Scopes.required("things:read"));
		}

	}

	@RestController
	static class ThingController {

		@GetMapping("/api/v1/things")
		Mono<Map<String, String>> list(@AuthenticationPrincipal Jwt token) {
			return Mono.just(Map.of("tenant", Caller.of(token).tenantId()));
		}

		@PostMapping("/api/v1/things")
		Mono<Map<String, String>> create(@Valid @RequestBody NewThing thing) {
			if ("taken".equals(thing.name())) {
				return Mono.error(new ApiProblem(HttpStatus.CONFLICT, "ALREADY_EXISTS", "The thing exists",
						Map.of("name", thing.name())));
			}
			if ("boom".equals(thing.name())) {
				return Mono.error(new IllegalStateException("secret internals"));
			}
			return Mono.just(Map.of("name", thing.name()));
		}

	}

	record NewThing(@NotBlank String name) {
	}

}
