package dev.switchboard.gateway.keys;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.ComponentScan.Filter;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.FilterType;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec;
import org.springframework.web.reactive.config.EnableWebFlux;

import dev.switchboard.gateway.limits.RateLimiter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verifyNoInteractions;

/**
 * The Swagger UI page and its files open without a key, and nothing else does: the
 * gateway's request path firewall, security headers, access filter, documentation routes
 * and problem answers in a small context. The key store behind the authenticator is a
 * mock that no request here may reach: the page never looks a key up, and a missing key
 * is refused before any lookup.
 */
@SpringJUnitConfig(ApiDocsPageAccessTest.SmallGateway.class)
@TestPropertySource(properties = { "switchboard.api-docs.services.messaging=http://localhost:9",
		"switchboard.api-docs.services.orders=http://localhost:9" })
class ApiDocsPageAccessTest {

	private static final Pattern SCRIPT = Pattern.compile("<script\\b[^>]*>");

	@Autowired
	private ApplicationContext context;

	@Autowired
	private ApiKeyStore store;

	@Autowired
	private ApiKeyRedisCache shared;

	private WebTestClient client;

	@BeforeEach
	void client() {
		this.client = WebTestClient.bindToApplicationContext(this.context).build();
	}

	@AfterEach
	void noKeyWasLookedUp() {
		verifyNoInteractions(this.store, this.shared);
	}

	@Test
	void thePageOpensWithoutAKeyUnderAPolicyThatAllowsOnlyTheGatewaysOwnFiles() {
		String page = get("/api-docs/ui").expectStatus()
			.isOk()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.TEXT_HTML)
			.expectHeader()
			.valueEquals("X-Frame-Options", "DENY")
			.expectHeader()
			.valueEquals("X-Content-Type-Options", "nosniff")
			.expectHeader()
			.valueEquals(HttpHeaders.CACHE_CONTROL, "no-store")
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		String policy = get("/api-docs/ui").returnResult(String.class)
			.getResponseHeaders()
			.getFirst("Content-Security-Policy");
		assertThat(policy).contains("default-src 'none'", "script-src 'self'", "style-src 'self'", "connect-src 'self'",
				"frame-ancestors 'none'");
		assertThat(policy).doesNotContain("unsafe-inline", "unsafe-eval", "http:", "https:", "*");
		assertThat(SCRIPT.matcher(page).results().map((tag) -> tag.group()))
			.as("every script is a file of the page, none inline")
			.hasSize(3)
			.allMatch((tag) -> tag.contains("src=\"/api-docs/ui/"));
		assertThat(page).contains("/api-docs/ui/swagger-ui.css").doesNotContain("http:", "https:");
	}

	@Test
	void theFilesOfThePageOpenWithoutAKey() {
		for (String script : List.of("swagger-ui-bundle.js", "swagger-ui-standalone-preset.js",
				"swagger-initializer.js")) {
			get("/api-docs/ui/" + script).expectStatus()
				.isOk()
				.expectHeader()
				.contentTypeCompatibleWith("text/javascript")
				.expectHeader()
				.valueEquals("X-Content-Type-Options", "nosniff");
		}
		get("/api-docs/ui/swagger-ui.css").expectStatus().isOk().expectHeader().contentTypeCompatibleWith("text/css");
		get("/api-docs/ui/start.json").expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.components.securitySchemes.apiKey.scheme")
			.isEqualTo("bearer")
			.jsonPath("$.paths")
			.isEmpty();
		String initializer = get("/api-docs/ui/swagger-initializer.js").expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(initializer).contains("\"/api-docs/ui/start.json\"", "\"/api-docs/gateway\"",
				"\"/api-docs/messaging\"", "\"/api-docs/orders\"", "validatorUrl: null");
		assertThat(initializer).doesNotContain("http:", "https:", "persistAuthorization:");
	}

	@ParameterizedTest
	@ValueSource(strings = { "/api-docs/ui/index.html", "/api-docs/ui/swagger-initializer",
			"/api-docs/ui/swagger-ui.js", "/api-docs/ui/swagger-ui-bundle.js.map", "/api-docs/ui/oauth2-redirect.html",
			"/api-docs/ui/favicon-32x32.png", "/api-docs/ui/gateway", "/api-docs/ui/SWAGGER-UI.CSS",
			"/api-docs/ui/.swagger-ui.css", "/api-docs/ui/swagger-ui.css%3Fx" })
	void anyOtherFileIsNotFound(String path) {
		expectProblem(get(path), HttpStatus.NOT_FOUND, "NOT_FOUND");
	}

	@ParameterizedTest
	@ValueSource(strings = { "/api-docs", "/api-docs/gateway", "/api-docs/messaging", "/api-docs/orders",
			"/api-docs/unknown", "/api-docs/ui/swagger-ui.css/gateway", "/api-docs/ui/x/y", "/api-docs/ui/",
			"/api-docs/UI", "/API-DOCS/ui", "/Api-Docs/ui/swagger-ui.css", "/api-docs/uix", "/api-docs/ui.css",
			"/api-docs/swagger-ui.css", "/admin/v1/tenants" })
	void theDocumentsAndEverythingElseNeedAKey(String path) {
		expectProblem(get(path), HttpStatus.UNAUTHORIZED, "UNAUTHORIZED").jsonPath("$.detail")
			.value((detail) -> assertThat(detail.toString()).contains("API key is required"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "/api-docs/ui/%2e%2e/gateway", "/api-docs/ui/%2E%2E/messaging",
			"/api-docs/ui/%2e%2e%2fgateway", "/api-docs/ui/%2e%2e/%2e%2e/admin/v1/tenants", "/api-docs/ui/../gateway",
			"/api-docs/ui/../../admin/v1/tenants", "/api-docs/ui/./swagger-ui.css", "/api-docs/ui/swagger-ui.css/..",
			"/api-docs/ui/..", "/api-docs/ui/.", "/api-docs/ui;x=1", "/api-docs/ui;/../gateway",
			"/api-docs/ui/swagger-ui.css;x=1", "/api-docs/ui/..;/gateway", "/api-docs/ui/..%3b/gateway",
			"/api-docs/ui/%3b/gateway", "/api-docs/ui%2fgateway", "/api-docs/ui%2Fswagger-ui.css",
			"/api-docs/ui/%252e%252e/gateway", "/api-docs/ui/%5c..%5cgateway", "/api-docs/ui//swagger-ui.css",
			"/api-docs//ui", "/api-docs/ui/swagger-ui.css%00", "/api-docs/%75i", "/api-docs/ui/%73wagger-ui.css" })
	void encodedDottedAndParameterisedNeighboursOpenNothing(String path) {
		expectProblem(get(path), HttpStatus.BAD_REQUEST, "INVALID_PATH");
	}

	private ResponseSpec get(String path) {
		return this.client.get().uri(URI.create("http://localhost" + path)).exchange();
	}

	private static WebTestClient.BodyContentSpec expectProblem(ResponseSpec response, HttpStatus status, String code) {
		return response.expectStatus()
			.isEqualTo(status)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo(status.value())
			.jsonPath("$.code")
			.isEqualTo(code);
	}

	/**
	 * What stands between a browser and the documentation routes in the gateway, without
	 * its database, Redis or proxy routes.
	 */
	@Configuration(proxyBeanMethods = false)
	@EnableWebFlux
	@ConfigurationPropertiesScan("dev.switchboard.gateway.docs")
	@ComponentScan(basePackages = "dev.switchboard.gateway", useDefaultFilters = false, includeFilters = @Filter(
			type = FilterType.REGEX,
			pattern = { "dev\\.switchboard\\.gateway\\.docs\\.ApiDocsRoutes",
					"dev\\.switchboard\\.gateway\\.keys\\.AdminAccessFilter",
					"dev\\.switchboard\\.gateway\\.web\\.(RequestIdFilter|RequestPathFirewall|SecurityHeadersFilter|ProblemErrorHandler)" }))
	static class SmallGateway {

		@Bean
		MeterRegistry meters() {
			return new SimpleMeterRegistry();
		}

		@Bean
		ApiKeyStore store() {
			return mock(ApiKeyStore.class);
		}

		@Bean
		ApiKeyRedisCache shared() {
			return mock(ApiKeyRedisCache.class);
		}

		@Bean
		ApiKeyAuthenticator authenticator(ApiKeyStore store, ApiKeyRedisCache shared, MeterRegistry meters) {
			ApiKeyProperties properties = new ApiKeyProperties(Duration.ofSeconds(3), 100, Duration.ofSeconds(60),
					Duration.ofSeconds(30), List.of("5/1m"), List.of(), Duration.ofMillis(250), Duration.ofMillis(300),
					Duration.ofMinutes(1), 8, Duration.ZERO);
			return new ApiKeyAuthenticator(store, shared,
					new FailedAuthentications(mock(RateLimiter.class), properties, meters), properties, meters);
		}

	}

}
