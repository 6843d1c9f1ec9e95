package dev.switchboard.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;

import dev.switchboard.outbound.HostResolver;
import dev.switchboard.infra.SharedInfra;
import dev.switchboard.infra.SpringInfraProperties;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec;

/**
 * One gateway on the shared embedded infrastructure with the local profile (demo tenants,
 * operator key), in front of a recording upstream standing in for every service but the
 * order service, which is down. Every subclass shares the same application context. Names
 * in outbound URLs resolve through {@link TestNames} only, never through DNS.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ActiveProfiles("local")
@Import(GatewayTestBase.TestNames.class)
abstract class GatewayTestBase {

	static final String DEMO_KEY = "sb_demokey1.localdemosecret";

	static final String ACME_KEY = "sb_acmekey1.localacmesecret";

	static final String OPERATOR_KEY = "sb_operator1.localoperatorsecret";

	static final RecordingUpstream upstream = new RecordingUpstream();

	static final int ORDERS_PORT = closedPort();

	@LocalServerPort
	int port;

	WebTestClient client;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		testProperties(upstream.url(), ORDERS_PORT).forEach((name, value) -> registry.add(name, () -> value));
	}

	/**
	 * The settings of a test gateway.
	 * @param upstreamUrl where every service but orders is
	 * @param ordersPort the order service's (closed) port
	 * @return the properties
	 */
	static Map<String, Object> testProperties(String upstreamUrl, int ordersPort) {
		Map<String, Object> properties = new LinkedHashMap<>(
				SpringInfraProperties.forService(SharedInfra.get(), "gateway"));
		properties.put("switchboard.routes.messaging", upstreamUrl);
		properties.put("switchboard.routes.ingest", upstreamUrl);
		properties.put("switchboard.routes.templates", upstreamUrl);
		properties.put("switchboard.routes.workflows", upstreamUrl);
		properties.put("switchboard.routes.orders", "http://localhost:" + ordersPort);
		properties.put("switchboard.routes.response-timeout", "2s");
		properties.put("switchboard.http.max-body-size", "64KB");
		properties.put("switchboard.rate-limits.plans.tiny.key", "1000/1d");
		properties.put("switchboard.rate-limits.plans.tiny.tenant", "40/1d");
		properties.put("switchboard.circuit-breaker.minimum-calls", "4");
		properties.put("switchboard.circuit-breaker.sliding-window-size", "4");
		properties.put("switchboard.circuit-breaker.wait-in-open", "30s");
		properties.put("switchboard.cors.allowed-origins", "https://app.example.com");
		// As in production: https only (the local profile allows http for the
		// simulators).
		properties.put("switchboard.outbound.allow-http", "false");
		return properties;
	}

	@BeforeEach
	void setUpClient() {
		this.client = WebTestClient.bindToServer()
			.baseUrl("http://localhost:" + this.port)
			.responseTimeout(Duration.ofSeconds(30))
			.build();
		upstream.clear();
	}

	static WebTestClient.BodyContentSpec expectProblem(ResponseSpec response, HttpStatus status, String code) {
		return response.expectStatus()
			.isEqualTo(status)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectHeader()
			.exists("X-Request-Id")
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo(status.value())
			.jsonPath("$.code")
			.isEqualTo(code);
	}

	static int closedPort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * What host names resolve to in these tests: a public address for
	 * {@code cbb.example.com}, private ones for {@code internal.example.test} and
	 * {@code metadata.example.test}, loopback for {@code localhost}; nothing else.
	 */
	@TestConfiguration(proxyBeanMethods = false)
	static class TestNames {

		@Bean
		HostResolver testHostResolver() {
			return (host) -> switch (host) {
				case "cbb.example.com" -> addresses(host, "93.184.215.14");
				case "internal.example.test" -> addresses(host, "93.184.215.14", "10.0.0.5");
				case "metadata.example.test" -> addresses(host, "169.254.169.254");
				case "localhost" -> addresses(host, "127.0.0.1", "::1");
				default -> throw new UnknownHostException(host);
			};
		}

		private static InetAddress[] addresses(String host, String... literals) throws UnknownHostException {
			InetAddress[] addresses = new InetAddress[literals.length];
			for (int i = 0; i < literals.length; i++) {
				addresses[i] = InetAddress.getByAddress(host, InetAddress.getByName(literals[i]).getAddress());
			}
			return addresses;
		}

	}

}
