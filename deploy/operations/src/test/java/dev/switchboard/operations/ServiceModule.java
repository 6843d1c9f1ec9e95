package dev.switchboard.operations;

import java.util.List;
import java.util.Map;

/**
 * A deployable Spring Boot service of the repository: its module folder and the ports its
 * {@code application.yml} sets.
 *
 * @param name the module folder, also the container and Kubernetes name
 * @param httpPort {@code server.port}
 * @param managementPort {@code management.server.port}: probes and metrics
 */
record ServiceModule(String name, int httpPort, int managementPort) {

	/** Every service module: a new one must be added here, and then deployed. */
	static final List<String> NAMES = List.of("gateway", "webhook-ingest", "messaging-service", "order-service",
			"template-service", "workflow-service");

	/** The HTTP edge: reachable from outside the cluster, scaled on CPU. */
	static final List<String> EDGE = List.of("gateway", "webhook-ingest");

	static List<ServiceModule> all() {
		return NAMES.stream().map(ServiceModule::of).toList();
	}

	static ServiceModule of(String name) {
		SpringConfig config = SpringConfig.of(name, Map.of());
		return new ServiceModule(name, Integer.parseInt(config.value("server.port")),
				Integer.parseInt(config.value("management.server.port")));
	}

	/** The executable jar Maven builds, relative to the repository root. */
	String jar() {
		return this.name + "/target/" + this.name + "-0.1.0-SNAPSHOT.jar";
	}

	boolean edge() {
		return EDGE.contains(this.name);
	}

}
