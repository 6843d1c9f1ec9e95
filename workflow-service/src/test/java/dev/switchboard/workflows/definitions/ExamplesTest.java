package dev.switchboard.workflows.definitions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import dev.switchboard.events.EventJson;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The shipped examples (seeded on the local stack) are valid definitions. */
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
	void aBrokenExampleWouldBeNoticed() {
		assertThat(this.validator.problems(EventJson.mapper().readTree("{\"name\":\"x\",\"steps\":[]}"))).hasSize(2);
	}

}
