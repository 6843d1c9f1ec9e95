package dev.switchboard.local;

import java.nio.file.Path;
import java.util.List;

/**
 * One Switchboard service of the local stack: where its executable jar is, which port it
 * listens on and which PostgreSQL schema it owns.
 *
 * @param name the module name, also the log prefix
 * @param port the HTTP port
 * @param schema the PostgreSQL schema, or {@code null} when the service has no database
 * @param extraArgs service-specific Spring properties as {@code --key=value}
 */
public record ServiceSpec(String name, int port, String schema, List<String> extraArgs) {

	public Path jar(Path repositoryRoot) {
		return repositoryRoot.resolve(this.name).resolve("target").resolve(this.name + "-0.1.0-SNAPSHOT.jar");
	}

	public String healthUrl() {
		return "http://localhost:" + this.port + "/actuator/health";
	}

}
