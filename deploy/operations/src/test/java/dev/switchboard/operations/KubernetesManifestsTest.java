package dev.switchboard.operations;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.switchboard.events.Topic;
import dev.switchboard.events.kafka.PeriodicSweep;
import dev.switchboard.events.kafka.TopicAdmin;
import dev.switchboard.operations.ConsumerGroups.Consumer;
import dev.switchboard.operations.Manifests.Manifest;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.nodepool.ProcessRoles;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code deploy/k8s/base}: every manifest fits its typed model exactly, every service is
 * deployed with probes on its management port, limits, a locked-down security context, a
 * disruption budget, a Service, a ServiceMonitor, a network policy and an autoscaler that
 * never outgrows its partitions; the KafkaTopics are the contract's catalog and the dead
 * letters of the consumers the code builds.
 */
class KubernetesManifestsTest {

	/**
	 * Read once, when the first test asks: a manifest that fits no model fails each test.
	 */
	private static List<Manifest> base;

	/**
	 * Seconds Spring waits for each shutdown phase (the default, unless a service sets
	 * one): the web server's graceful shutdown waits that long for requests in flight.
	 */
	static final int SHUTDOWN_PHASE_SECONDS = 30;

	/**
	 * Seconds a service's periodic workers may take, all at once, to finish their round
	 * in flight (PeriodicSweep).
	 */
	static final int WORKER_STOP_SECONDS = (int) PeriodicSweep.DEFAULT_STOP_TIMEOUT.toSeconds();

	/**
	 * Seconds the consumers of a service, all at once, wait for their records in flight
	 * on shutdown (the default of {@code switchboard.kafka.drain-timeout}).
	 */
	static final int CONSUMER_DRAIN_SECONDS = 10;

	/**
	 * Seconds the outbox relay may take on shutdown for its batch in flight and its last
	 * round (OutboxRelay).
	 */
	static final int RELAY_STOP_SECONDS = 10;

	private static final Pattern DEPENDENT_VARIABLE = Pattern.compile("\\$\\(([A-Z_]+)\\)");

	@Test
	void everyServiceHasItsResources() {
		for (String name : ServiceModule.NAMES) {
			assertThat(deployment(name)).as(name + " Deployment").isNotNull();
			assertThat(named(Service.class, name)).as(name + " Service").isPresent();
			assertThat(named(PodDisruptionBudget.class, name)).as(name + " PodDisruptionBudget").isPresent();
			assertThat(base()).as(name + " ServiceMonitor")
				.anyMatch((m) -> m.model() instanceof ServiceMonitor monitor
						&& monitor.metadata().getName().equals(name));
			assertThat(named(NetworkPolicy.class, name)).as(name + " NetworkPolicy").isPresent();
		}
		assertThat(Manifests.of(base(), Deployment.class)).extracting(Manifests::name)
			.containsExactlyInAnyOrderElementsOf(ServiceModule.NAMES);
	}

	@Test
	void probesAskTheManagementPort() {
		for (ServiceModule module : ServiceModule.all()) {
			Container container = container(module.name());
			Map<String, Integer> ports = container.getPorts()
				.stream()
				.collect(Collectors.toMap(ContainerPort::getName, ContainerPort::getContainerPort));
			assertThat(ports).as(module.name())
				.containsEntry("http", module.httpPort())
				.containsEntry("management", module.managementPort());
			assertProbe(module.name() + " startup", container.getStartupProbe(), "/actuator/health/liveness");
			assertProbe(module.name() + " liveness", container.getLivenessProbe(), "/actuator/health/liveness");
			assertProbe(module.name() + " readiness", container.getReadinessProbe(), "/actuator/health/readiness");
			assertThat(env(module.name())).as(module.name())
				.containsEntry("MANAGEMENT_SERVER_PORT", String.valueOf(module.managementPort()));
		}
	}

	@Test
	void everyContainerHasRequestsAndLimits() {
		for (String name : ServiceModule.NAMES) {
			Map<String, Quantity> requests = container(name).getResources().getRequests();
			Map<String, Quantity> limits = container(name).getResources().getLimits();
			assertThat(requests).as(name + " requests").containsKeys("cpu", "memory");
			assertThat(limits).as(name + " limits").containsKeys("cpu", "memory");
			assertThat(Quantity.getAmountInBytes(limits.get("memory")))
				.isGreaterThanOrEqualTo(Quantity.getAmountInBytes(requests.get("memory")));
		}
	}

	@Test
	void podsRunAsNonRootOnAReadOnlyRootWithoutPrivileges() {
		for (String name : ServiceModule.NAMES) {
			PodSpec pod = deployment(name).getSpec().getTemplate().getSpec();
			assertThat(pod.getSecurityContext().getRunAsNonRoot()).as(name).isTrue();
			assertThat(pod.getSecurityContext().getRunAsUser()).as(name).isPositive();
			assertThat(pod.getAutomountServiceAccountToken()).as(name + ": no API access needed").isFalse();
			Container container = container(name);
			assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).as(name).isFalse();
			assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).as(name).isTrue();
			assertThat(container.getSecurityContext().getCapabilities().getDrop()).as(name).containsExactly("ALL");
			assertThat(container.getVolumeMounts()).as(name + ": /tmp writable")
				.anyMatch((mount) -> mount.getMountPath().equals("/tmp") && pod.getVolumes()
					.stream()
					.anyMatch((volume) -> volume.getName().equals(mount.getName()) && volume.getEmptyDir() != null));
			assertThat(pod.getTopologySpreadConstraints()).as(name + " spread").isNotEmpty();
			assertThat(container.getImage()).as(name).startsWith("switchboard/" + name + ":");
		}
	}

	/**
	 * Kubernetes waits long enough for what the service does on SIGTERM: the preStop
	 * pause while endpoints drop the pod, then its workers' rounds, its consumers' drain,
	 * the web server's graceful shutdown phase and the outbox relay's last round, one
	 * after the other (docs/operations.md, "Shutdown"); and not much longer, so that a
	 * hung pod is not waited for needlessly.
	 */
	@Test
	void terminationGraceCoversTheGracefulShutdown() {
		for (String name : ServiceModule.NAMES) {
			List<String> preStop = container(name).getLifecycle().getPreStop().getExec().getCommand();
			assertThat(preStop).as(name).hasSize(2).first().isEqualTo("sleep");
			int pause = Integer.parseInt(preStop.get(1));
			int needed = pause + shutdownSeconds(name);
			assertThat(deployment(name).getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds())
				.as(name + ": grace ≥ preStop + workers + drain + shutdown phase + relay, with at most 30 s to spare")
				.isBetween((long) needed, (long) needed + 30);
		}
	}

	/**
	 * Seconds a service may take from SIGTERM until it exited: its workers' rounds, its
	 * consumers' drain (if it has consumers), the web server's graceful phase and its
	 * outbox relay's last round (if it has an outbox).
	 */
	static int shutdownSeconds(String name) {
		SpringConfig config = SpringConfig.of(name, Map.of());
		assertThat(config.value("server.shutdown")).as(name).isEqualTo("graceful");
		int phase = config.find("spring.lifecycle.timeout-per-shutdown-phase")
			.map((value) -> Integer.parseInt(value.replace("s", "")))
			.orElse(SHUTDOWN_PHASE_SECONDS);
		int drain = ConsumerGroups.of(name).isEmpty() ? 0
				: config.find("switchboard.kafka.drain-timeout")
					.map((value) -> Integer.parseInt(value.replace("s", "")))
					.orElse(CONSUMER_DRAIN_SECONDS);
		int relay = config.find("spring.flyway.locations").filter((value) -> value.contains("db/outbox")).isPresent()
				? RELAY_STOP_SECONDS : 0;
		return WORKER_STOP_SECONDS + drain + phase + relay;
	}

	@Test
	void everyDeploymentHasADisruptionBudgetAndAServiceSelectingItsPods() {
		for (String name : ServiceModule.NAMES) {
			Map<String, String> podLabels = deployment(name).getSpec().getTemplate().getMetadata().getLabels();
			PodDisruptionBudget budget = named(PodDisruptionBudget.class, name).orElseThrow();
			assertThat(podLabels).as(name + " budget")
				.containsAllEntriesOf(budget.getSpec().getSelector().getMatchLabels());
			assertThat(budget.getSpec().getMaxUnavailable().getIntVal()).as(name).isEqualTo(1);
			Service service = named(Service.class, name).orElseThrow();
			assertThat(podLabels).as(name + " service").containsAllEntriesOf(service.getSpec().getSelector());
			assertThat(service.getSpec().getPorts()).extracting((port) -> port.getTargetPort().getStrVal())
				.containsExactlyInAnyOrder("http", "management");
			ServiceMonitor monitor = Manifests.of(base(), ServiceMonitor.class)
				.stream()
				.filter((m) -> m.metadata().getName().equals(name))
				.findFirst()
				.orElseThrow();
			assertThat(service.getMetadata().getLabels())
				.containsAllEntriesOf(monitor.spec().selector().getMatchLabels());
			assertThat(monitor.spec().endpoints()).singleElement().satisfies((endpoint) -> {
				assertThat(endpoint.port()).isEqualTo("management");
				assertThat(endpoint.path()).isEqualTo("/actuator/prometheus");
			});
		}
	}

	@Test
	void theEdgeScalesOnCpuAndConsumersOnLagNeverBeyondTheirPartitions() {
		Map<String, Integer> partitions = new HashMap<>();
		Manifests.of(base(), KafkaTopic.class)
			.forEach((topic) -> partitions.put(topic.getSpec().getTopicName(), topic.getSpec().getPartitions()));
		for (String name : ServiceModule.NAMES) {
			Optional<HorizontalPodAutoscaler> hpa = named(HorizontalPodAutoscaler.class, name);
			Optional<ScaledObject> scaled = Manifests.of(base(), ScaledObject.class)
				.stream()
				.filter((s) -> s.metadata().getName().equals(name))
				.findFirst();
			if (ServiceModule.EDGE.contains(name)) {
				assertThat(scaled).as(name).isEmpty();
				HorizontalPodAutoscaler autoscaler = hpa.orElseThrow();
				assertThat(autoscaler.getSpec().getScaleTargetRef().getName()).isEqualTo(name);
				assertThat(autoscaler.getSpec().getMinReplicas()).as(name).isGreaterThanOrEqualTo(2);
				assertThat(autoscaler.getSpec().getMetrics()).singleElement()
					.satisfies((metric) -> assertThat(metric.getResource().getName()).isEqualTo("cpu"));
				continue;
			}
			assertThat(hpa).as(name).isEmpty();
			ScaledObject scaledObject = scaled.orElseThrow(() -> new AssertionError(name + ": no ScaledObject"));
			assertThat(scaledObject.spec().scaleTargetRef().name()).isEqualTo(name);
			Set<Consumer> triggered = new TreeSet<>();
			for (ScaledObject.Trigger trigger : scaledObject.spec().triggers()) {
				assertThat(trigger.type()).isEqualTo("kafka");
				assertThat(trigger.metadata()).containsEntry("bootstrapServers", bootstrapServers())
					.containsKey("lagThreshold");
				String topic = trigger.metadata().get("topic");
				triggered.add(new Consumer(Topic.byName(topic).orElseThrow(), trigger.metadata().get("consumerGroup")));
				assertThat(scaledObject.spec().maxReplicaCount()).as(name + ": replicas ≤ partitions of " + topic)
					.isLessThanOrEqualTo(partitions.get(topic));
			}
			assertThat(triggered).as(name + ": lag of every consumer group its code builds")
				.isEqualTo(ConsumerGroups.of(name));
			assertThat(scaledObject.spec().minReplicaCount()).as(name).isGreaterThanOrEqualTo(1);
		}
	}

	/**
	 * The topics are provisioned exactly as the services would create them: the catalog's
	 * partitions, retention and compaction, and a dead-letter topic per consumer group.
	 */
	@Test
	void kafkaTopicsAreTheCatalogAndTheDeadLetterTopics() {
		Map<String, KafkaTopic> topics = new TreeMap<>();
		for (KafkaTopic topic : Manifests.of(base(), KafkaTopic.class)) {
			assertThat(topic.getSpec().getTopicName()).isEqualTo(topic.getMetadata().getName());
			assertThat(topic.getMetadata().getLabels()).containsEntry("strimzi.io/cluster",
					kafka().getMetadata().getName());
			topics.put(topic.getSpec().getTopicName(), topic);
		}
		Set<String> expected = new TreeSet<>();
		for (Topic topic : Topic.values()) {
			expected.add(topic.topicName());
		}
		ConsumerGroups.all().forEach((consumer) -> expected.add(consumer.deadLetterTopic()));
		assertThat(topics.keySet()).isEqualTo(expected);
		topics.forEach((name, topic) -> {
			NewTopic wanted = TopicAdmin.newTopic(name);
			assertThat(topic.getSpec().getPartitions()).as(name + " partitions").isEqualTo(wanted.numPartitions());
			Map<String, String> config = new TreeMap<>();
			topic.getSpec().getConfig().forEach((key, value) -> config.put(key, String.valueOf(value)));
			assertThat(config).as(name + " config").isEqualTo(new TreeMap<>(wanted.configs()));
			assertThat(topic.getSpec().getReplicas()).as(name + " replicas").isEqualTo(3);
		});
	}

	@Test
	void kafkaRunsOnKraftNodePoolsAndCreatesNoTopicByItself() {
		Kafka kafka = kafka();
		assertThat(kafka.getSpec().getKafka().getConfig()).containsEntry("auto.create.topics.enable", false)
			.containsEntry("min.insync.replicas", 2)
			.containsEntry("default.replication.factor", 3);
		List<KafkaNodePool> pools = Manifests.of(base(), KafkaNodePool.class);
		assertThat(pools).isNotEmpty()
			.allSatisfy((pool) -> assertThat(pool.getMetadata().getLabels()).containsEntry("strimzi.io/cluster",
					kafka.getMetadata().getName()));
		assertThat(pools.stream().flatMap((pool) -> pool.getSpec().getRoles().stream()))
			.contains(ProcessRoles.CONTROLLER, ProcessRoles.BROKER);
		int brokers = pools.stream()
			.filter((pool) -> pool.getSpec().getRoles().contains(ProcessRoles.BROKER))
			.mapToInt((pool) -> pool.getSpec().getReplicas())
			.sum();
		assertThat(brokers).as("a replica of each partition on another broker").isGreaterThanOrEqualTo(3);
		assertThat(kafka.getSpec().getKafka().getListeners()).anySatisfy((listener) -> {
			assertThat(listener.getName()).isEqualTo("plain");
			assertThat(bootstrapServers())
				.isEqualTo(kafka.getMetadata().getName() + "-kafka-bootstrap:" + listener.getPort());
		});
	}

	/**
	 * Only the gateway and webhook-ingest take traffic from anywhere; the other services
	 * take it from the gateway, which routes to them; management ports only from
	 * monitoring.
	 */
	@Test
	void networkPoliciesOpenOnlyTheEdge() {
		assertThat(Manifests.of(base(), NetworkPolicy.class)).anySatisfy((policy) -> {
			assertThat(policy.getSpec().getPodSelector().getMatchLabels()).isNullOrEmpty();
			assertThat(policy.getSpec().getPolicyTypes()).contains("Ingress");
			assertThat(policy.getSpec().getIngress()).isNullOrEmpty();
		});
		Set<String> routedByGateway = gatewayRouteTargets();
		for (ServiceModule module : ServiceModule.all()) {
			NetworkPolicy policy = named(NetworkPolicy.class, module.name()).orElseThrow();
			assertThat(policy.getSpec().getPodSelector().getMatchLabels()).containsEntry("app.kubernetes.io/name",
					module.name());
			for (NetworkPolicyIngressRule rule : policy.getSpec().getIngress()) {
				Set<Integer> ports = rule.getPorts()
					.stream()
					.map((port) -> port.getPort().getIntVal())
					.collect(Collectors.toSet());
				assertThat(ports).as(module.name() + " rule ports").hasSize(1);
				int port = ports.iterator().next();
				List<NetworkPolicyPeer> from = rule.getFrom();
				if (port == module.managementPort()) {
					assertThat(from).singleElement()
						.satisfies((peer) -> assertThat(peer.getNamespaceSelector().getMatchLabels())
							.containsEntry("kubernetes.io/metadata.name", "monitoring"));
				}
				else {
					assertThat(port).as(module.name()).isEqualTo(module.httpPort());
					if (module.edge()) {
						assertThat(from).as(module.name() + ": open to everyone").isNullOrEmpty();
					}
					else {
						assertThat(routedByGateway).as(module.name() + " is routed by the gateway")
							.contains(module.name());
						assertThat(from).as(module.name() + ": only the gateway")
							.singleElement()
							.satisfies((peer) -> assertThat(peer.getPodSelector().getMatchLabels())
								.containsExactly(Map.entry("app.kubernetes.io/name", "gateway")));
					}
				}
			}
			boolean httpOpened = policy.getSpec()
				.getIngress()
				.stream()
				.anyMatch((rule) -> rule.getPorts().get(0).getPort().getIntVal() == module.httpPort());
			assertThat(httpOpened).as(module.name() + ": HTTP reachable exactly when something calls it")
				.isEqualTo(module.edge() || routedByGateway.contains(module.name()));
		}
	}

	/**
	 * Each service's configuration, with the environment its Deployment gives it,
	 * resolves every placeholder, has every secret it would otherwise start without, and
	 * points at no localhost; every secret it reads is in the example with a placeholder.
	 */
	@Test
	void everyServiceGetsTheEnvironmentItNeeds() {
		Map<String, String> example = secretsExample();
		for (String name : ServiceModule.NAMES) {
			Map<String, String> environment = env(name);
			SpringConfig config = SpringConfig.of(name, environment);
			assertThat(config.unresolvable()).as(name + ": placeholders nothing provides").isEmpty();
			assertThat(config.resolved()).as(name + ": settings pointing at localhost")
				.allSatisfy((key, value) -> assertThat(value).as(key).doesNotContain("localhost", "127.0.0.1"));
			assertThat(config.emptySecrets(name)).as(name + ": keys and secrets left empty").isEmpty();
			assertThat(config.value("switchboard.kafka.bootstrap-servers")).isEqualTo(bootstrapServers());
			assertThat(config.value("switchboard.kafka.create-topics")).as(name).isEqualTo("false");
			for (EnvVar variable : container(name).getEnv()) {
				if (variable.getValueFrom() != null && variable.getValueFrom().getSecretKeyRef() != null) {
					assertThat(variable.getValueFrom().getSecretKeyRef().getName()).isEqualTo("switchboard-secrets");
					assertThat(example).as(name + ": " + variable.getName() + " in secrets.example.env")
						.containsKey(variable.getValueFrom().getSecretKeyRef().getKey());
				}
			}
		}
		assertThat(example.values()).as("placeholders only").allMatch((value) -> value.contains("<"));
		assertThat(base()).as("no Secret with values").noneMatch((manifest) -> manifest.kind().equals("Secret"));
	}

	private static void assertProbe(String description, Probe probe, String path) {
		assertThat(probe).as(description).isNotNull();
		assertThat(probe.getHttpGet().getPath()).as(description).isEqualTo(path);
		assertThat(probe.getHttpGet().getPort().getStrVal()).as(description).isEqualTo("management");
	}

	/**
	 * A Deployment's environment as the container sees it: ConfigMap values from the base
	 * ConfigMap, secrets as {@code <secret:key>}, {@code $(VAR)} expanded.
	 */
	static Map<String, String> env(String name) {
		Map<String, String> configMap = named(ConfigMap.class, "switchboard-infrastructure").orElseThrow().getData();
		Map<String, String> environment = new LinkedHashMap<>();
		for (EnvVar variable : container(name).getEnv()) {
			String value;
			if (variable.getValueFrom() == null) {
				Matcher dependent = DEPENDENT_VARIABLE.matcher(variable.getValue());
				StringBuilder expanded = new StringBuilder();
				while (dependent.find()) {
					String replacement = environment.get(dependent.group(1));
					assertThat(replacement)
						.as(name + ": " + variable.getName() + " uses $(" + dependent.group(1) + ") defined before it")
						.isNotNull();
					dependent.appendReplacement(expanded, Matcher.quoteReplacement(replacement));
				}
				dependent.appendTail(expanded);
				value = expanded.toString();
			}
			else if (variable.getValueFrom().getConfigMapKeyRef() != null) {
				value = configMap.get(variable.getValueFrom().getConfigMapKeyRef().getKey());
				assertThat(value).as(name + ": " + variable.getName()).isNotNull();
			}
			else {
				value = "<secret:" + variable.getValueFrom().getSecretKeyRef().getKey() + ">";
			}
			environment.put(variable.getName(), value);
		}
		return environment;
	}

	private static Map<String, String> secretsExample() {
		Map<String, String> example = new LinkedHashMap<>();
		Repository.read(Manifests.ROOT + "/secrets.example.env")
			.lines()
			.filter((line) -> !line.isBlank() && !line.startsWith("#"))
			.forEach(
					(line) -> example.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1)));
		return example;
	}

	/** The services the gateway's routes lead to (their default URLs name the ports). */
	private static Set<String> gatewayRouteTargets() {
		Map<Integer, String> byPort = new HashMap<>();
		ServiceModule.all().forEach((module) -> byPort.put(module.httpPort(), module.name()));
		Set<String> targets = new TreeSet<>();
		Matcher route = Pattern.compile("uri: \\$\\{switchboard\\.routes\\.\\w+:http://localhost:(\\d+)}")
			.matcher(Repository.read("gateway/src/main/resources/application.yml"));
		while (route.find()) {
			targets.add(byPort.get(Integer.parseInt(route.group(1))));
		}
		assertThat(targets).isNotEmpty();
		Map<String, String> gatewayEnv = env("gateway");
		targets.forEach((target) -> assertThat(gatewayEnv.values()).as("gateway routes to " + target)
			.anyMatch((value) -> value.startsWith("http://" + target + ":")));
		return targets;
	}

	private static String bootstrapServers() {
		return "switchboard-kafka-bootstrap:9092";
	}

	private static Kafka kafka() {
		List<Kafka> kafkas = Manifests.of(base(), Kafka.class);
		assertThat(kafkas).hasSize(1);
		return kafkas.get(0);
	}

	private static synchronized List<Manifest> base() {
		if (base == null) {
			base = Manifests.load("base");
		}
		return base;
	}

	static Deployment deployment(String name) {
		return named(Deployment.class, name).orElseThrow(() -> new AssertionError("No Deployment " + name));
	}

	static Container container(String name) {
		List<Container> containers = deployment(name).getSpec().getTemplate().getSpec().getContainers();
		assertThat(containers).as(name).hasSize(1);
		return containers.get(0);
	}

	static <T extends io.fabric8.kubernetes.api.model.HasMetadata> Optional<T> named(Class<T> type, String name) {
		return Manifests.of(base(), type)
			.stream()
			.filter((resource) -> Manifests.name(resource).equals(name))
			.findFirst();
	}

}
