package dev.switchboard.workflows.definitions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.switchboard.events.EventJson;
import dev.switchboard.http.problem.ApiProblem.FieldProblem;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The shipped examples (seeded on the local stack) are valid definitions; where a
 * definition may name the tenant's secrets.
 */
class ExamplesTest {

	private final DefinitionValidator validator = new DefinitionValidator();

	@Test
	void everyExampleIsAValidDefinition() throws IOException {
		List<Path> examples;
		try (Stream<Path> files = Files.list(Path.of("examples"))) {
			examples = files.filter((file) -> file.toString().endsWith(".json")).toList();
		}
		assertThat(examples).hasSize(3);
		for (Path example : examples) {
			assertThat(this.validator.problems(EventJson.mapper().readTree(Files.readAllBytes(example))))
				.as(example.toString())
				.isEmpty();
		}
	}

	@Test
	void theLocalStacksDemoSeedHoldsEveryExampleAndOnlyValidDefinitions() throws IOException {
		String seed = Files.readString(Path.of("src/main/resources/db/demo/R__demo_workflows.sql"));
		List<JsonNode> seeded = new ArrayList<>();
		Matcher definition = Pattern.compile("'(\\{.*?})'::jsonb").matcher(seed);
		while (definition.find()) {
			seeded.add(EventJson.mapper().readTree(definition.group(1).replace("''", "'")));
		}
		assertThat(seeded).hasSize(4);
		for (JsonNode document : seeded) {
			assertThat(this.validator.problems(document)).as(document.path("name").asString()).isEmpty();
		}
		try (Stream<Path> files = Files.list(Path.of("examples"))) {
			for (Path example : files.filter((file) -> file.toString().endsWith(".json")).toList()) {
				assertThat(seeded).as(example.toString())
					.contains(EventJson.mapper().readTree(Files.readAllBytes(example)));
			}
		}
	}

	@Test
	void secretsStandOnlyInHttpCallHeaders() {
		String definition = """
				{"name":"x","trigger":{"type":"manual"},"description":"uses {{secrets.a}}",
				 "steps":[{"id":"call","type":"http_call","method":"POST","url":"https://example.com/{{secrets.a}}",
				   "headers":{"Authorization":"Bearer {{secrets.helpdesk_token}}","X-Two":"{{secrets.a}}:{{ secrets.b }}",
				     "X-Bad":"{{secrets.Bad}}","X-Half":"{{secrets.a}} {{secrets"},
				   "body":{"k":["{{secrets.a}}"]}},
				  {"id":"keep","type":"set","values":{"v":"{{secrets.a}}"}}]}
				""";
		assertThat(this.validator.problems(EventJson.mapper().readTree(definition)))
			.extracting(FieldProblem::field, FieldProblem::message)
			.containsExactlyInAnyOrder(tuple("/description", SecretPlacements.ONLY_IN_HEADERS),
					tuple("/steps/0/url", SecretPlacements.ONLY_IN_HEADERS),
					tuple("/steps/0/headers/X-Bad",
							"'Bad' is not a secret name (a lower case letter, then up to 63 lower case letters, digits or _)"),
					tuple("/steps/0/headers/X-Half", "write a secret as {{secrets.name}}"),
					tuple("/steps/0/body/k/0", SecretPlacements.ONLY_IN_HEADERS),
					tuple("/steps/1/values/v", SecretPlacements.ONLY_IN_HEADERS));
	}

	@Test
	void aBrokenExampleWouldBeNoticed() {
		assertThat(this.validator.problems(EventJson.mapper().readTree("{\"name\":\"x\",\"steps\":[]}"))).hasSize(2);
	}

}
