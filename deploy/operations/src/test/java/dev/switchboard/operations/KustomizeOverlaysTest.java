package dev.switchboard.operations;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.switchboard.operations.Manifests.Manifest;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The overlays rendered the way kustomize renders them, without kustomize: every resource
 * and patch file exists, every patch finds its target and its paths in the base, and the
 * patched resources still fit their typed models and keep Kafka consistent.
 */
class KustomizeOverlaysTest {

	@ParameterizedTest
	@ValueSource(strings = { "local", "production" })
	void overlayRendersIntoValidResources(String overlay) {
		String folder = Manifests.ROOT + "/overlays/" + overlay;
		List<Map<String, Object>> rendered = render(folder);
		List<Manifest> manifests = new ArrayList<>();
		for (Map<String, Object> raw : rendered) {
			manifests.add(new Manifest(folder, raw, Manifests.typed(folder, raw)));
		}
		assertThat(Manifests.of(manifests, Deployment.class)).extracting(Manifests::name)
			.containsAll(ServiceModule.NAMES);
		int brokers = Manifests.of(manifests, KafkaNodePool.class)
			.stream()
			.mapToInt((pool) -> pool.getSpec().getReplicas())
			.sum();
		Kafka kafka = Manifests.of(manifests, Kafka.class).get(0);
		int minInSync = ((Number) kafka.getSpec().getKafka().getConfig().get("min.insync.replicas")).intValue();
		for (KafkaTopic topic : Manifests.of(manifests, KafkaTopic.class)) {
			assertThat(topic.getSpec().getReplicas()).as(overlay + " " + topic.getMetadata().getName())
				.isLessThanOrEqualTo(brokers)
				.isGreaterThanOrEqualTo(minInSync);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "local", "production" })
	void secretsComeFromAnIgnoredFileFilledFromTheExample(String overlay) {
		Kustomization kustomization = kustomization(Manifests.ROOT + "/overlays/" + overlay);
		assertThat(kustomization.secretGenerator()).singleElement().satisfies((generator) -> {
			assertThat(generator.name()).isEqualTo("switchboard-secrets");
			assertThat(generator.envs()).containsExactly("secrets.env");
		});
		assertThat(Repository.read(".gitignore")).contains("deploy/k8s/overlays/*/secrets.env");
		assertThat(Repository.file(Manifests.ROOT + "/secrets.example.env")).exists();
	}

	/**
	 * Where kubectl is installed, its kustomize renders the overlay into the same
	 * resources, each fitting its typed model (the Secret generated from the example).
	 */
	@ParameterizedTest
	@ValueSource(strings = { "local", "production" })
	void kubectlRendersTheSameResources(String overlay, @TempDir Path copy) throws Exception {
		Optional<Path> kubectl = Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
			.map((dir) -> Path.of(dir, "kubectl"))
			.filter(Files::isExecutable)
			.findFirst();
		Assumptions.assumeTrue(kubectl.isPresent(), "kubectl is not installed: rendered by this test only");
		Path tree = copy.resolve("k8s");
		copyTree(Repository.file(Manifests.ROOT), tree);
		Files.copy(tree.resolve("secrets.example.env"), tree.resolve("overlays/" + overlay + "/secrets.env"));
		Process process = new ProcessBuilder(kubectl.get().toString(), "kustomize",
				tree.resolve("overlays/" + overlay).toString())
			.redirectErrorStream(true)
			.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).as(output).isZero();
		Set<String> rendered = new TreeSet<>();
		for (Object document : new Yaml(new LoaderOptions()).loadAll(output)) {
			Map<String, Object> raw = ComposeFileTest.map(document);
			Manifests.typed("kubectl kustomize " + overlay, raw);
			if (!"Secret".equals(raw.get("kind"))) {
				rendered.add(raw.get("kind") + "/" + name(raw));
			}
		}
		Set<String> ours = new TreeSet<>();
		render(Manifests.ROOT + "/overlays/" + overlay).forEach((raw) -> ours.add(raw.get("kind") + "/" + name(raw)));
		assertThat(rendered).isEqualTo(ours);
	}

	private static void copyTree(Path from, Path to) throws IOException {
		try (Stream<Path> files = Files.walk(from)) {
			for (Path file : files.toList()) {
				Path target = to.resolve(from.relativize(file).toString());
				if (Files.isDirectory(file)) {
					Files.createDirectories(target);
				}
				else {
					Files.copy(file, target);
				}
			}
		}
	}

	/** The resources of a kustomization folder with its patches applied. */
	static List<Map<String, Object>> render(String folder) {
		Kustomization kustomization = kustomization(folder);
		List<Map<String, Object>> resources = new ArrayList<>();
		for (String resource : kustomization.resources()) {
			Path path = Repository.file(folder).resolve(resource).normalize();
			String relative = Repository.root().relativize(path).toString();
			if (Files.isDirectory(path)) {
				assertThat(path.resolve("kustomization.yaml")).as(folder + ": " + resource).exists();
				resources.addAll(render(relative));
			}
			else {
				assertThat(path).as(folder + ": resource " + resource).exists();
				resources.addAll(Manifests.documents(relative));
			}
		}
		for (Kustomization.Patch patch : (kustomization.patches() != null) ? kustomization.patches()
				: List.<Kustomization.Patch>of()) {
			Object content;
			if (patch.path() != null) {
				assertThat(Repository.file(folder + "/" + patch.path())).as(folder + ": patch " + patch.path())
					.exists();
				content = new Yaml(new LoaderOptions()).load(Repository.read(folder + "/" + patch.path()));
			}
			else {
				content = new Yaml(new LoaderOptions()).load(patch.patch());
			}
			if (content instanceof List<?> operations) {
				List<Map<String, Object>> targets = resources.stream()
					.filter((resource) -> matches(resource, patch.target()))
					.toList();
				assertThat(targets).as(folder + ": target of " + patch).isNotEmpty();
				targets.forEach((target) -> operations
					.forEach((operation) -> JsonPatch.apply(target, ComposeFileTest.map(operation), folder)));
			}
			else {
				Map<String, Object> merge = ComposeFileTest.map(content);
				Map<String, Object> target = resources.stream()
					.filter((resource) -> resource.get("kind").equals(merge.get("kind"))
							&& name(resource).equals(name(merge)))
					.findFirst()
					.orElseThrow(() -> new AssertionError(folder + ": no " + merge.get("kind") + " " + name(merge)));
				JsonPatch.merge(target, merge);
			}
		}
		if (kustomization.images() != null) {
			Set<String> used = images(resources);
			kustomization.images()
				.forEach((image) -> assertThat(used).as(folder + ": image " + image.name()).contains(image.name()));
		}
		return resources;
	}

	private static boolean matches(Map<String, Object> resource, Kustomization.Target target) {
		assertThat(target).as("a JSON patch names its target").isNotNull();
		return resource.get("kind").equals(target.kind())
				&& (target.name() == null || name(resource).equals(target.name()));
	}

	private static String name(Map<String, Object> resource) {
		return String.valueOf(ComposeFileTest.map(resource.get("metadata")).get("name"));
	}

	private static Set<String> images(List<Map<String, Object>> resources) {
		Set<String> images = new TreeSet<>();
		for (Map<String, Object> resource : resources) {
			if ("Deployment".equals(resource.get("kind"))) {
				Map<String, Object> pod = ComposeFileTest
					.map(ComposeFileTest.map(ComposeFileTest.map(resource.get("spec")).get("template")).get("spec"));
				for (Object container : (List<?>) pod.get("containers")) {
					String image = String.valueOf(ComposeFileTest.map(container).get("image"));
					images.add(image.contains(":") ? image.substring(0, image.lastIndexOf(':')) : image);
				}
			}
		}
		return images;
	}

	static Kustomization kustomization(String folder) {
		Map<String, Object> raw = Repository.yaml(folder + "/kustomization.yaml");
		return JsonMapper.builder()
			.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
			.build()
			.convertValue(new LinkedHashMap<>(raw), Kustomization.class);
	}

}
