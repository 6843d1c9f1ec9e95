package dev.switchboard.workflows.definitions;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import com.jayway.jsonpath.InvalidPathException;
import com.jayway.jsonpath.JsonPath;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;
import dev.switchboard.events.EventJson;
import dev.switchboard.http.problem.ApiProblem.FieldProblem;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;

import org.springframework.scheduling.support.CronExpression;
import org.springframework.stereotype.Component;

/**
 * Checks a workflow document: first against the published JSON Schema
 * ({@code /schemas/workflow-definition.json}, every violation listed), then, when that
 * passes, what a schema cannot say: unique step ids, next steps that exist, a cron
 * expression and time zone that parse, a regular expression and JSONPaths that compile,
 * secrets named only in http_call headers.
 */
@Component
class DefinitionValidator {

	static final String SCHEMA = "/schemas/workflow-definition.json";

	private static final Schema DEFINITION_SCHEMA = load();

	private final byte[] schemaDocument;

	DefinitionValidator() {
		try (InputStream in = DefinitionValidator.class.getResourceAsStream(SCHEMA)) {
			this.schemaDocument = in.readAllBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		// The validator's messages and the time zone rules are read from files on first
		// use: at start-up, not on an event loop.
		problems(EventJson.mapper().readTree("{\"name\":1,\"trigger\":{\"type\":\"cron\"},\"steps\":[{}]}"));
		ZoneId.of("Europe/Paris");
	}

	/** The published schema, as served at {@code GET /api/v1/workflows/schema}. */
	byte[] schemaDocument() {
		return this.schemaDocument.clone();
	}

	/** Every problem of the document; empty when it is a valid definition. */
	List<FieldProblem> problems(JsonNode document) {
		List<FieldProblem> problems = DEFINITION_SCHEMA.validate(document)
			.stream()
			.map(DefinitionValidator::problem)
			.toList();
		if (!problems.isEmpty()) {
			return problems;
		}
		Map<String, Object> definition = toMap(document);
		List<FieldProblem> semantic = semanticProblems(Definition.of(definition));
		semantic.addAll(SecretPlacements.problems(definition));
		return semantic;
	}

	static Map<String, Object> toMap(JsonNode document) {
		return EventJson.mapper().convertValue(document, new TypeReference<Map<String, Object>>() {
		});
	}

	private List<FieldProblem> semanticProblems(Definition definition) {
		List<FieldProblem> problems = new ArrayList<>();
		triggerProblems(definition.trigger(), problems);
		Set<String> ids = new HashSet<>();
		for (int i = 0; i < definition.steps().size(); i++) {
			if (!ids.add(definition.steps().get(i).id())) {
				problems.add(new FieldProblem("/steps/" + i + "/id", "duplicate step id"));
			}
		}
		for (int i = 0; i < definition.steps().size(); i++) {
			stepProblems(definition.steps().get(i), "/steps/" + i, ids, problems);
		}
		return problems;
	}

	private void triggerProblems(TriggerSpec trigger, List<FieldProblem> problems) {
		if (TriggerSpec.CRON.equals(trigger.type())) {
			if (!CronExpression.isValidExpression(trigger.text("cron"))) {
				problems.add(new FieldProblem("/trigger/cron",
						"not a cron expression (six fields: second minute hour day-of-month month day-of-week)"));
			}
			try {
				ZoneId.of(trigger.text("timeZone"));
			}
			catch (DateTimeException ex) {
				problems.add(new FieldProblem("/trigger/timeZone", "not a time zone id (e.g. Europe/Paris)"));
			}
		}
		if (trigger.text("regex") != null) {
			try {
				Pattern.compile(trigger.text("regex"));
			}
			catch (PatternSyntaxException ex) {
				problems.add(new FieldProblem("/trigger/regex", "not a regular expression: " + ex.getDescription()));
			}
		}
	}

	@SuppressWarnings("unchecked")
	private void stepProblems(StepSpec step, String pointer, Set<String> ids, List<FieldProblem> problems) {
		checkTarget(step.next(), pointer + "/next", ids, problems);
		conversationStepProblems(step, pointer, problems);
		if ("branch".equals(step.type())) {
			List<Map<String, Object>> conditions = (List<Map<String, Object>>) step.value("conditions");
			for (int i = 0; i < conditions.size(); i++) {
				String at = pointer + "/conditions/" + i;
				try {
					JsonPath.compile((String) conditions.get(i).get("path"));
				}
				catch (InvalidPathException ex) {
					problems.add(new FieldProblem(at + "/path", "not a JSONPath: " + ex.getMessage()));
				}
				checkTarget((String) conditions.get(i).get("goto"), at + "/goto", ids, problems);
			}
			checkTarget(step.text("otherwise"), pointer + "/otherwise", ids, problems);
		}
	}

	/**
	 * A conversation, agent or queue named literally (not a placeholder) in a {@code tag}
	 * or {@code assign} step must be an id.
	 */
	private static void conversationStepProblems(StepSpec step, String pointer, List<FieldProblem> problems) {
		if (!"tag".equals(step.type()) && !"assign".equals(step.type())) {
			return;
		}
		for (String name : List.of("conversation", "agentId", "queueId")) {
			String value = step.text(name);
			if (value != null && !value.contains("{{") && !isUuid(value.strip())) {
				problems.add(new FieldProblem(pointer + "/" + name, "not an id (a UUID) nor a placeholder"));
			}
		}
	}

	private static boolean isUuid(String value) {
		try {
			return java.util.UUID.fromString(value).toString().equalsIgnoreCase(value);
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	private static void checkTarget(String target, String pointer, Set<String> ids, List<FieldProblem> problems) {
		if (target != null && !Definition.END.equals(target) && !ids.contains(target)) {
			problems.add(new FieldProblem(pointer, "no step has the id '" + target + "'"));
		}
	}

	private static FieldProblem problem(Error error) {
		String pointer = error.getInstanceLocation().toString();
		// A missing property is reported on its parent; point at the property itself.
		if ("required".equals(error.getKeyword()) && error.getProperty() != null) {
			pointer = pointer + "/" + error.getProperty();
		}
		return new FieldProblem(pointer.isEmpty() ? "/" : pointer, error.getMessage());
	}

	private static Schema load() {
		SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
				(builder) -> builder
					.schemaRegistryConfig(SchemaRegistryConfig.builder().pathType(PathType.JSON_POINTER).build()));
		try (InputStream in = DefinitionValidator.class.getResourceAsStream(SCHEMA)) {
			return registry.getSchema(in);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
