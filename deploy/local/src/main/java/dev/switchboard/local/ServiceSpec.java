package dev.switchboard.local;

import java.nio.file.Path;
import java.util.List;

/**
 * One Switchboard service of the local stack: where its executable jar is, which port it
 * listens on and which PostgreSQL schema it owns. Its management server (metrics, the
 * full health report) listens {@value #MANAGEMENT_OFFSET} above its port.
 *
 * @param name the module name, also the log prefix
 * @param port the HTTP port
 * @param schema the PostgreSQL schema, or {@code null} when the service has no database
 * @param extraArgs service-specific Spring properties as {@code --key=value}
 */
public record ServiceSpec(String name, int port, String schema, List<String> extraArgs) {

	/**
	 * How far above its HTTP port a service's management server listens (8082 → 9082).
	 */
	public static final int MANAGEMENT_OFFSET = 1000;

	public Path jar(Path repositoryRoot) {
		return repositoryRoot.resolve(this.name).resolve("target").resolve(this.name + "-0.1.0-SNAPSHOT.jar");
	}

	/** The readiness probe on the public port, the same one Kubernetes asks. */
	public String healthUrl() {
		return "http://localhost:" + this.port + "/readyz";
	}

	public int managementPort() {
		return this.port + MANAGEMENT_OFFSET;
	}

	/** Where the service's metrics and full health report are. */
	public String managementUrl() {
		return "http://localhost:" + managementPort();
	}

}
