package dev.switchboard.operations;

import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The image recipe ({@code deploy/docker/Dockerfile}): a pinned JRE of the Java version
 * the build targets, the layered Spring Boot jar, a non-root user, a health check on the
 * readiness endpoint, the JVM flags the README asks for, and a build context of jars
 * only.
 */
class DockerImageTest {

	private static final String DOCKERFILE = Repository.read("deploy/docker/Dockerfile");

	@Test
	void runsOnAPinnedJreOfTheJavaVersionTheBuildTargets() {
		Matcher javaVersion = Pattern.compile("<java.version>(\\d+)</java.version>")
			.matcher(Repository.read("pom.xml"));
		assertThat(javaVersion.find()).isTrue();
		Matcher image = Pattern.compile("ARG JAVA_IMAGE=eclipse-temurin:(\\d+)\\.(\\d+)\\.(\\d+)_(\\d+)-jre-\\w+")
			.matcher(DOCKERFILE);
		assertThat(image.find()).as("a Temurin JRE pinned to its update and build").isTrue();
		assertThat(image.group(1)).isEqualTo(javaVersion.group(1));
		assertThat(lines("FROM")).allMatch((from) -> from.startsWith("FROM ${JAVA_IMAGE}"));
	}

	@Test
	void unpacksTheSpringBootJarIntoLayersAndStartsItsLauncher() {
		assertThat(DOCKERFILE)
			.contains("java -Djarmode=tools -jar application.jar extract --layers --launcher --destination extracted");
		List<String> copies = lines("COPY --from=layers");
		assertThat(copies).hasSize(4);
		// Least often changed first, so that an upgrade rebuilds only the last layers.
		assertThat(copies.get(0)).contains("/dependencies/");
		assertThat(copies.get(1)).contains("/spring-boot-loader/");
		assertThat(copies.get(2)).contains("/snapshot-dependencies/");
		assertThat(copies.get(3)).contains("/application/");
		assertThat(lines("ENTRYPOINT"))
			.containsExactly("ENTRYPOINT [\"java\", \"org.springframework.boot.loader.launch.JarLauncher\"]");
	}

	@Test
	void runsAsANumericNonRootUserWithOnlyTmpWritable() {
		Matcher uid = Pattern.compile("ARG APP_UID=(\\d+)").matcher(DOCKERFILE);
		assertThat(uid.find()).isTrue();
		assertThat(Integer.parseInt(uid.group(1))).isGreaterThan(999);
		assertThat(lines("USER")).containsExactly("USER ${APP_UID}:${APP_UID}");
		assertThat(lines("VOLUME")).containsExactly("VOLUME [\"/tmp\"]");
		assertThat(DOCKERFILE).contains("-Djava.io.tmpdir=/tmp").doesNotContain("chown").doesNotContain("chmod");
	}

	@Test
	void healthCheckAsksTheReadinessEndpointOfTheManagementPort() {
		assertThat(DOCKERFILE).contains("ARG HEALTH_PATH=/actuator/health/readiness");
		String healthcheck = String.join(" ", lines("HEALTHCHECK"));
		assertThat(healthcheck).contains("--start-period=");
		assertThat(DOCKERFILE).contains("/dev/tcp/127.0.0.1/${HEALTH_PORT}").contains("grep -q ' 200 '");
	}

	@Test
	void startsTheJvmWithTheReadmesFlagsSizedByTheContainer() {
		Matcher readme = Pattern.compile("`(-XX:MetaspaceSize=\\d+m)`").matcher(Repository.read("README.md"));
		assertThat(readme.find()).as("the README's JVM flag").isTrue();
		Matcher options = Pattern.compile("ENV JAVA_TOOL_OPTIONS=\"([^\"]+)\"").matcher(DOCKERFILE);
		assertThat(options.find()).isTrue();
		assertThat(options.group(1).split(" ")).contains(readme.group(1), "-XX:+UseContainerSupport")
			.anyMatch((flag) -> flag.startsWith("-XX:MaxRAMPercentage="))
			.noneMatch((flag) -> flag.startsWith("-Xmx") || flag.startsWith("-Xms"));
	}

	/**
	 * Every jar compose builds an image from is one Maven builds as a Spring Boot jar,
	 * and the only thing of the checkout sent to the image build.
	 */
	@Test
	void buildsFromTheJarsMavenMakesAndSendsNothingElse() {
		List<String> rules = Repository.read(".dockerignore")
			.lines()
			.map(String::trim)
			.filter((line) -> !line.isEmpty() && !line.startsWith("#"))
			.toList();
		assertThat(rules.get(0)).as("everything is excluded first").isEqualTo("*");
		List<PathMatcher> included = rules.stream()
			.filter((rule) -> rule.startsWith("!"))
			.map((rule) -> FileSystems.getDefault().getPathMatcher("glob:" + rule.substring(1)))
			.toList();
		ComposeFileTest.services().forEach((name, definition) -> {
			Map<String, Object> build = ComposeFileTest.map(ComposeFileTest.map(definition).get("build"));
			if (build.isEmpty()) {
				return;
			}
			assertThat(build).containsEntry("context", ".").containsEntry("dockerfile", "deploy/docker/Dockerfile");
			String jar = String.valueOf(ComposeFileTest.map(build.get("args")).get("JAR_FILE"));
			assertThat(included).as(name + ": " + jar + " in the build context")
				.anyMatch((matcher) -> matcher.matches(Path.of(jar)));
			Path module = Path.of(jar).getParent().getParent();
			String pom = Repository.read(module + "/pom.xml");
			assertThat(pom).as(module + " builds a Spring Boot jar").contains("spring-boot-maven-plugin", "repackage");
			assertThat(Files.isDirectory(Repository.file(module.toString()))).isTrue();
		});
	}

	private static List<String> lines(String instruction) {
		List<String> lines = new ArrayList<>();
		String[] all = DOCKERFILE.split("\n");
		for (int i = 0; i < all.length; i++) {
			if (all[i].startsWith(instruction + " ")) {
				StringBuilder line = new StringBuilder(all[i]);
				while (line.toString().endsWith("\\") && i + 1 < all.length) {
					line.setLength(line.length() - 1);
					line.append(all[++i].trim());
				}
				lines.add(line.toString().trim());
			}
		}
		return lines;
	}

}
