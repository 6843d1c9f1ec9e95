package dev.switchboard.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

import dev.switchboard.events.Topic;
import dev.switchboard.events.kafka.KafkaSettings;
import dev.switchboard.events.kafka.TopicAdmin;
import dev.switchboard.infra.Infra;
import dev.switchboard.infra.InfraOptions;
import dev.switchboard.infra.SpringInfraProperties;
import dev.switchboard.simulators.SimulatorOptions;
import dev.switchboard.simulators.Simulators;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole platform on one machine: embedded Kafka, PostgreSQL and Redis, the Meta and
 * CBB simulators, and every service in its own JVM with the {@code local} profile.
 */
public final class LocalStack implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(LocalStack.class);

	/** messaging-service's migrations as its application.yml lists them. */
	private static final String MESSAGING_MIGRATIONS = "classpath:db/inbox,classpath:db/outbox,classpath:db/migration";

	private final Infra infra;

	private final Simulators simulators;

	private final Ports ports;

	private final List<ServiceProcess> services;

	private final Path repositoryRoot;

	private final List<String> serviceArgs;

	private LocalStack(Infra infra, Simulators simulators, Ports ports, List<ServiceProcess> services,
			Path repositoryRoot, List<String> serviceArgs) {
		this.repositoryRoot = repositoryRoot;
		this.serviceArgs = serviceArgs;
		this.infra = infra;
		this.simulators = simulators;
		this.ports = ports;
		this.services = services;
	}

	public static void main(String[] args) throws Exception {
		Instant started = Instant.now();
		// Every trace is recorded on a developer's stack (production samples 10 %); spans
		// are exported only where MANAGEMENT_OPENTELEMETRY_TRACING_EXPORT_OTLP_ENDPOINT
		// names a collector (the services inherit the environment).
		LocalStack stack = start(InfraOptions.local(), Ports.standard(), repositoryRoot(), Duration.ofSeconds(180),
				List.of("--management.tracing.sampling.probability=1.0"));
		CountDownLatch stopped = new CountDownLatch(1);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			log.info("Stopping the local stack");
			stack.close();
			stopped.countDown();
		}, "local-stack-shutdown"));
		log.info(
				"Switchboard is up in {} ms: gateway http://localhost:{}, webhook-ingest http://localhost:{}, "
						+ "simulators http://localhost:{}. Ctrl-C stops everything.",
				Duration.between(started, Instant.now()).toMillis(), stack.ports.gateway(), stack.ports.ingest(),
				stack.ports.simulators());
		stopped.await();
	}

	/**
	 * Starts infrastructure, simulators and all services, and waits until every service
	 * reports UP. Anything already started is stopped again when a service does not come
	 * up in time.
	 */
	public static LocalStack start(InfraOptions infraOptions, Ports ports, Path repositoryRoot, Duration timeout)
			throws IOException, InterruptedException {
		return start(infraOptions, ports, repositoryRoot, timeout, List.of());
	}

	/**
	 * As {@link #start(InfraOptions, Ports, Path, Duration)}, with Spring properties
	 * ({@code --key=value}) every service gets, e.g. where to export traces.
	 */
	public static LocalStack start(InfraOptions infraOptions, Ports ports, Path repositoryRoot, Duration timeout,
			List<String> serviceArgs) throws IOException, InterruptedException {
		Instant deadline = Instant.now().plus(timeout);
		Infra infra = Infra.start(infraOptions);
		Simulators simulators = null;
		List<ServiceProcess> services = new ArrayList<>();
		try {
			TopicAdmin.ensureTopics(new KafkaSettings(infra.kafka().bootstrapServers(), "local-stack"), Topic.values())
				.block(Duration.ofSeconds(60));
			simulators = Simulators.start(SimulatorOptions.defaults()
				.withPort(ports.simulators())
				.withWebhookUrl("http://localhost:" + ports.ingest() + "/webhooks/whatsapp"));
			for (ServiceSpec spec : specs(ports)) {
				services.add(ServiceProcess.start(spec, repositoryRoot, ServiceProcess.FAST_START_FLAGS,
						springArgs(infra, spec, serviceArgs)));
			}
			for (ServiceProcess service : services) {
				if (!service.awaitHealthy(deadline)) {
					throw new IllegalStateException(
							service.spec().name() + " did not become healthy at " + service.spec().healthUrl());
				}
				log.info("{} is UP on port {}", service.spec().name(), service.spec().port());
			}
			DemoCbbChannel.pointAtSimulator(infra, ports, Duration.ofSeconds(30));
			return new LocalStack(infra, simulators, ports, services, repositoryRoot, List.copyOf(serviceArgs));
		}
		catch (RuntimeException | IOException | InterruptedException ex) {
			new LocalStack(infra, simulators, ports, services, repositoryRoot, serviceArgs).close();
			throw ex;
		}
	}

	private static List<ServiceSpec> specs(Ports ports) {
		String simulatorUrl = "http://localhost:" + ports.simulators();
		// CBB calls go only to allow-listed local hosts: the simulators, wherever they
		// are.
		String simulatorHost = "--switchboard.outbound.allowed-hosts=localhost:" + ports.simulators();
		return List.of(
				new ServiceSpec("gateway", ports.gateway(), "gateway",
						List.of("--switchboard.routes.messaging=http://localhost:" + ports.messaging(),
								"--switchboard.routes.ingest=http://localhost:" + ports.ingest(),
								"--switchboard.routes.orders=http://localhost:" + ports.orders(),
								"--switchboard.routes.templates=http://localhost:" + ports.templates(),
								"--switchboard.routes.workflows=http://localhost:" + ports.workflows(), simulatorHost)),
				new ServiceSpec("webhook-ingest", ports.ingest(), null, List.of()),
				// CBB channels carry their own base URL (tenant configuration, see
				// DemoCbbChannel); only the Graph API location is a messaging setting.
				// Six JVMs starting at once can hold the first Redis handshake past
				// messaging's 2 s command timeout, which fails its start-up.
				// The demo inbox (agents bound to the gateway's demo agent keys, queues)
				// exists on the local stack only, not in the services' own tests.
				new ServiceSpec("messaging-service", ports.messaging(), "messaging",
						List.of("--switchboard.meta.graph-base-url=" + simulatorUrl, "--spring.data.redis.timeout=10s",
								simulatorHost,
								"--spring.flyway.locations=" + MESSAGING_MIGRATIONS + ",classpath:db/demo")),
				// The demo tenant's CBB account (application-local.yml) reads this
				// placeholder: overriding one tenant entry would replace the whole list.
				new ServiceSpec("order-service", ports.orders(), "orders",
						List.of("--SWITCHBOARD_CBB_BASE_URL=" + simulatorUrl + "/cbb/api", simulatorHost)),
				// The demo WABA's templates come from the simulators' Graph API: the
				// start-up sync stores order_confirmation_global (he/ro/en) as approved.
				new ServiceSpec("template-service", ports.templates(), "templates",
						List.of("--switchboard.templates.graph.base-url=" + simulatorUrl)),
				// The demo workflows (workflow-service/examples) exist on the local stack
				// only.
				new ServiceSpec("workflow-service", ports.workflows(), "workflows", List
					.of("--spring.flyway.locations=classpath:db/inbox,classpath:db/outbox,classpath:db/migration,classpath:db/demo")));
	}

	/**
	 * The {@code local} profile plus the infrastructure locations, as Spring command-line
	 * arguments.
	 */
	public static List<String> springArgs(Infra infra, ServiceSpec spec) {
		return springArgs(infra, spec, List.of());
	}

	private static List<String> springArgs(Infra infra, ServiceSpec spec, List<String> serviceArgs) {
		List<String> args = new ArrayList<>();
		args.add("--spring.profiles.active=local");
		Map<String, Object> properties = SpringInfraProperties.forService(infra,
				(spec.schema() != null) ? spec.schema() : "public");
		properties.forEach((key, value) -> args.add("--" + key + "=" + value));
		args.add("--management.server.port=" + spec.managementPort());
		args.addAll(serviceArgs);
		return args;
	}

	/**
	 * The checkout this stack runs from: {@code -Dswitchboard.root} or the nearest parent
	 * with the root POM.
	 */
	public static Path repositoryRoot() {
		String configured = System.getProperty("switchboard.root");
		if (configured != null) {
			return Path.of(configured).toAbsolutePath();
		}
		Path dir = Path.of("").toAbsolutePath();
		while (dir != null) {
			if (Files.isDirectory(dir.resolve("shared-events")) && Files.isDirectory(dir.resolve("deploy"))) {
				return dir;
			}
			dir = dir.getParent();
		}
		throw new IllegalStateException("Run from inside the Switchboard checkout or set -Dswitchboard.root");
	}

	public Infra infra() {
		return this.infra;
	}

	public Simulators simulators() {
		return this.simulators;
	}

	/** The running services, in start order. */
	public List<ServiceProcess> services() {
		return List.copyOf(this.services);
	}

	/** The running service of that name, e.g. {@code webhook-ingest}. */
	public ServiceProcess service(String name) {
		return this.services.stream()
			.filter((service) -> service.spec().name().equals(name))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("No service " + name));
	}

	public Ports ports() {
		return this.ports;
	}

	/**
	 * Stops the named services (SIGTERM: their consumers drain and commit), runs
	 * {@code whileDown}, then starts them again with the same settings and waits until
	 * each reports UP. A service already stopped (e.g. through
	 * {@link ServiceProcess#terminate()}) is only started again.
	 * @param names service names, e.g. {@code messaging-service}
	 * @param whileDown what to do while they are down (e.g. reset consumer offsets)
	 * @param timeout how long the services may take to come up again
	 */
	public void restart(Set<String> names, Runnable whileDown, Duration timeout)
			throws IOException, InterruptedException {
		List<Integer> positions = new ArrayList<>();
		for (int i = 0; i < this.services.size(); i++) {
			if (names.contains(this.services.get(i).spec().name())) {
				positions.add(i);
			}
		}
		positions.parallelStream().forEach((i) -> this.services.get(i).close());
		whileDown.run();
		Instant deadline = Instant.now().plus(timeout);
		for (int i : positions) {
			ServiceSpec spec = this.services.get(i).spec();
			this.services.set(i, ServiceProcess.start(spec, this.repositoryRoot, ServiceProcess.FAST_START_FLAGS,
					springArgs(this.infra, spec, this.serviceArgs)));
		}
		for (int i : positions) {
			ServiceProcess service = this.services.get(i);
			if (!service.awaitHealthy(deadline)) {
				throw new IllegalStateException(service.spec().name() + " did not become healthy again");
			}
		}
	}

	@Override
	public void close() {
		// Each service drains its consumers on SIGTERM; stopping them together keeps
		// Ctrl-C short.
		this.services.parallelStream().forEach(ServiceProcess::close);
		if (this.simulators != null) {
			this.simulators.close();
		}
		this.infra.close();
	}

}
