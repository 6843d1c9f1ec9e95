package dev.switchboard.infra;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * Checks, for a test, what a running service shows on its public and management ports:
 * only the liveness and readiness probes on the public one, metrics and the full health
 * report on the management one, and nothing that reveals configuration or memory on
 * either.
 */
public final class ManagementSurface {

	/** Endpoints that reveal configuration, secrets or memory: never served. */
	public static final List<String> NEVER_EXPOSED = List.of("/actuator/env", "/actuator/heapdump",
			"/actuator/configprops", "/actuator/beans", "/actuator/threaddump", "/actuator/mappings",
			"/actuator/loggers", "/actuator/shutdown");

	private static final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private ManagementSurface() {
	}

	/**
	 * Asserts the split between the two ports.
	 * @param publicPort the service's HTTP port
	 * @param managementPort the service's management port
	 * @throws AssertionError when a path is served where it must not be, or missing
	 */
	public static void assertSeparated(int publicPort, int managementPort) {
		expect(publicPort, "GET", "/livez", 200);
		expect(publicPort, "GET", "/readyz", 200);
		for (String path : List.of("/actuator/prometheus", "/actuator/health", "/actuator/info",
				"/actuator/health/readiness", "/actuator")) {
			expectRefused(publicPort, path);
		}
		expect(managementPort, "GET", "/actuator/prometheus", 200);
		expect(managementPort, "GET", "/actuator/health/liveness", 200);
		expect(managementPort, "GET", "/actuator/health/readiness", 200);
		for (String path : NEVER_EXPOSED) {
			expectRefused(publicPort, path);
			expectRefused(managementPort, path);
		}
	}

	private static void expectRefused(int port, String path) {
		int status = status(port, "GET", path);
		if (status < 400 || status >= 500) {
			throw new AssertionError("GET " + path + " on port " + port + " answered " + status + ", expected 4xx");
		}
	}

	private static void expect(int port, String method, String path, int expected) {
		int status = status(port, method, path);
		if (status != expected) {
			throw new AssertionError(
					method + " " + path + " on port " + port + " answered " + status + ", expected " + expected);
		}
	}

	private static int status(int port, String method, String path) {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
			.timeout(Duration.ofSeconds(10))
			.method(method, HttpRequest.BodyPublishers.noBody())
			.build();
		try {
			return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
		}
		catch (IOException ex) {
			throw new AssertionError("GET " + path + " on port " + port + " failed: " + ex, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError("Interrupted", ex);
		}
	}

}
