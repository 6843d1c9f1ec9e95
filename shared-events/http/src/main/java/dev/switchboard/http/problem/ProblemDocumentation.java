package dev.switchboard.http.problem;

import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import org.springdoc.core.customizers.GlobalOpenApiCustomizer;

/**
 * Every operation of a service's OpenAPI document answers its errors as RFC 9457
 * {@code application/problem+json} with a stable {@code code} (what {@link ProblemAdvice}
 * and {@link ProblemWriter} write): the {@code Problem} schema, with an example, and a
 * {@code default} response naming it on every operation that declares none, so a client
 * generated from the document knows the shape of every failure. Global: every group of
 * the service gets it.
 */
final class ProblemDocumentation implements GlobalOpenApiCustomizer {

	static final String SCHEMA = "Problem";

	static final String MEDIA_TYPE = "application/problem+json";

	@Override
	public void customise(OpenAPI openApi) {
		Components components = (openApi.getComponents() != null) ? openApi.getComponents() : new Components();
		openApi.setComponents(components);
		components.addSchemas(SCHEMA, schema());
		if (openApi.getPaths() == null) {
			return;
		}
		openApi.getPaths()
			.values()
			.forEach((path) -> path.readOperations().forEach(ProblemDocumentation::answerErrorsAsProblems));
	}

	private static void answerErrorsAsProblems(Operation operation) {
		ApiResponses responses = (operation.getResponses() != null) ? operation.getResponses() : new ApiResponses();
		operation.setResponses(responses);
		if (responses.getDefault() == null) {
			responses.setDefault(new ApiResponse()
				.description("Any failure: a problem whose stable `code` names the field or the condition "
						+ "(e.g. `VALIDATION_FAILED`, `NOT_FOUND`, `UNAUTHORIZED`, `RATE_LIMITED`)")
				.content(new Content().addMediaType(MEDIA_TYPE,
						new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + SCHEMA)))));
		}
	}

	@SuppressWarnings("rawtypes")
	private static Schema schema() {
		ObjectSchema field = new ObjectSchema();
		field.addProperty("field", new StringSchema().description("The field, as a JSON path"));
		field.addProperty("message", new StringSchema().description("What is wrong with it"));
		ObjectSchema problem = new ObjectSchema();
		problem.description("RFC 9457 problem details with the platform's stable code");
		problem.addProperty("type", new StringSchema().description("A URI reference naming the problem type"));
		problem.addProperty("title", new StringSchema().description("The HTTP status's short text"));
		problem.addProperty("status", new IntegerSchema().description("The HTTP status code"));
		problem.addProperty("detail", new StringSchema().description("What went wrong, in plain words"));
		problem.addProperty("instance", new StringSchema().description("The request path"));
		problem.addProperty("code", new StringSchema().description("Stable, machine-readable: it names the field "
				+ "or the condition and does not change between versions"));
		problem.addProperty("errors", new ArraySchema().items(field)
			.description("Every invalid field, when " + "the code is VALIDATION_FAILED"));
		problem.setRequired(List.of("status", "code"));
		problem.setExample(Map.of("type", "about:blank", "title", "Unprocessable Content", "status", 422, "detail",
				"Channel demo-x is not one of the tenant's channels", "instance", "/api/v1/messages", "code",
				"UNKNOWN_CHANNEL"));
		return problem;
	}

}
