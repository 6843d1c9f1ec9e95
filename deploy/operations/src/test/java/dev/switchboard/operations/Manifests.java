package dev.switchboard.operations;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The Kubernetes manifests under {@code deploy/k8s}, each document read into its typed
 * model (fabric8 for Kubernetes, Strimzi's API for Kafka, records here for KEDA and the
 * Prometheus operator) and refused when it holds a field its model does not know: a typo
 * would otherwise be ignored by the cluster or rejected only on the day it is applied.
 */
final class Manifests {

	static final String ROOT = "deploy/k8s";

	private static final ObjectMapper MAPPER = JsonMapper.builder()
		.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.build();

	private static final Map<String, Class<?>> MODELS = Map.ofEntries(Map.entry("apps/v1/Deployment", Deployment.class),
			Map.entry("v1/Service", Service.class), Map.entry("v1/ConfigMap", ConfigMap.class),
			Map.entry("v1/Namespace", Namespace.class), Map.entry("v1/Secret", Secret.class),
			Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
			Map.entry("autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class),
			Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
			Map.entry("kafka.strimzi.io/v1/Kafka", Kafka.class),
			Map.entry("kafka.strimzi.io/v1/KafkaNodePool", KafkaNodePool.class),
			Map.entry("kafka.strimzi.io/v1/KafkaTopic", KafkaTopic.class),
			Map.entry("keda.sh/v1alpha1/ScaledObject", ScaledObject.class),
			Map.entry("monitoring.coreos.com/v1/ServiceMonitor", ServiceMonitor.class),
			Map.entry("monitoring.coreos.com/v1/PrometheusRule", PrometheusRule.class));

	/** Per model class: the accessors worth walking for unknown fields. */
	private static final ClassValue<List<Method>> ACCESSORS = new ClassValue<>() {
		@Override
		protected List<Method> computeValue(Class<?> type) {
			List<Method> accessors = new ArrayList<>();
			for (Method method : type.getMethods()) {
				if (method.getParameterCount() != 0 || Modifier.isStatic(method.getModifiers())
						|| method.getDeclaringClass() == Object.class || method.getDeclaringClass().isEnum()) {
					continue;
				}
				String name = method.getName();
				boolean accessor = (name.startsWith("get") && !name.equals("getClass")) || (type.isRecord()
						&& method.getDeclaringClass() == type && !name.equals("hashCode") && !name.equals("toString"));
				if (accessor) {
					accessors.add(method);
				}
			}
			return List.copyOf(accessors);
		}
	};

	private Manifests() {
	}

	/**
	 * A manifest document.
	 *
	 * @param file where it is, relative to the repository root
	 * @param raw the document as YAML maps
	 * @param model the typed model
	 */
	record Manifest(String file, Map<String, Object> raw, Object model) {

		String kind() {
			return String.valueOf(this.raw.get("kind"));
		}

		String name() {
			return String.valueOf(ComposeFileTest.map(this.raw.get("metadata")).get("name"));
		}

	}

	/** Every resource document of a folder under {@code deploy/k8s}, typed. */
	static List<Manifest> load(String folder) {
		List<Manifest> manifests = new ArrayList<>();
		for (String file : resourceFiles(folder)) {
			for (Map<String, Object> raw : documents(file)) {
				manifests.add(new Manifest(file, raw, typed(file, raw)));
			}
		}
		return manifests;
	}

	/**
	 * The YAML files of a folder that hold resources: neither kustomization files nor
	 * JSON patches (lists of operations).
	 */
	static List<String> resourceFiles(String folder) {
		try (Stream<Path> files = Files.walk(Repository.file(ROOT + "/" + folder))) {
			return files.filter((file) -> file.toString().endsWith(".yaml"))
				.map((file) -> Repository.root().relativize(file).toString())
				.filter((file) -> !file.endsWith("kustomization.yaml"))
				.filter((file) -> !documents(file).isEmpty())
				.sorted()
				.toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The map documents of a YAML file (a JSON patch file has none). */
	@SuppressWarnings("unchecked")
	static List<Map<String, Object>> documents(String file) {
		List<Map<String, Object>> documents = new ArrayList<>();
		for (Object document : new Yaml(new LoaderOptions()).loadAll(Repository.read(file))) {
			if (document instanceof Map<?, ?> map) {
				documents.add((Map<String, Object>) map);
			}
		}
		return documents;
	}

	/** The documents of one model type. */
	static <T> List<T> of(List<Manifest> manifests, Class<T> type) {
		return manifests.stream().map(Manifest::model).filter(type::isInstance).map(type::cast).toList();
	}

	static Object typed(String file, Map<String, Object> raw) {
		String key = raw.get("apiVersion") + "/" + raw.get("kind");
		Class<?> model = MODELS.get(key);
		if (model == null) {
			throw new IllegalStateException(file + ": no model for " + key);
		}
		Object typed;
		try {
			typed = MAPPER.convertValue(raw, model);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException(file + ": " + key + " does not fit its model: " + ex.getMessage(), ex);
		}
		List<String> unknown = new ArrayList<>();
		unknownFields(typed, key, unknown, 0);
		if (!unknown.isEmpty()) {
			throw new IllegalStateException(file + ": unknown fields " + unknown);
		}
		return typed;
	}

	/**
	 * fabric8's and Strimzi's models keep fields they do not know in
	 * {@code additionalProperties} instead of failing: any found there is an unknown
	 * field.
	 */
	private static void unknownFields(Object model, String path, List<String> unknown, int depth) {
		if (model == null || depth > 30) {
			return;
		}
		if (model instanceof List<?> list) {
			for (int i = 0; i < list.size(); i++) {
				unknownFields(list.get(i), path + "[" + i + "]", unknown, depth + 1);
			}
			return;
		}
		if (model instanceof Map<?, ?> map) {
			map.forEach((key, value) -> unknownFields(value, path + "." + key, unknown, depth + 1));
			return;
		}
		String packageName = model.getClass().getPackageName();
		if (!packageName.startsWith("io.fabric8") && !packageName.startsWith("io.strimzi")
				&& !packageName.startsWith("dev.switchboard")) {
			return;
		}
		for (Method getter : ACCESSORS.get(model.getClass())) {
			String name = getter.getName();
			Object value;
			try {
				value = getter.invoke(model);
			}
			catch (IllegalAccessException | InvocationTargetException ex) {
				continue;
			}
			if (name.equals("getAdditionalProperties") && value instanceof Map<?, ?> extra) {
				extra.keySet().forEach((field) -> unknown.add(path + "." + field));
			}
			else if (!(value instanceof ObjectMeta meta && meta == model)) {
				unknownFields(value, path + "." + name, unknown, depth + 1);
			}
		}
	}

	static String name(HasMetadata resource) {
		return resource.getMetadata().getName();
	}

}
