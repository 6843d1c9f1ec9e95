package dev.switchboard.http.problem;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProblemDocumentationTest {

	@Test
	void everyOperationAnswersItsFailuresAsProblemsWithAStableCode() {
		Operation get = new Operation().operationId("getMessage");
		Operation post = new Operation().operationId("sendMessage");
		OpenAPI document = new OpenAPI().paths(new Paths().addPathItem("/api/v1/messages/{id}", new PathItem().get(get))
			.addPathItem("/api/v1/messages", new PathItem().post(post)));

		new ProblemDocumentation().customise(document);

		assertThat(document.getComponents().getSchemas().get(ProblemDocumentation.SCHEMA).getProperties())
			.containsKeys("type", "title", "status", "detail", "instance", "code", "errors");
		for (Operation operation : new Operation[] { get, post }) {
			assertThat(operation.getResponses()
				.getDefault()
				.getContent()
				.get(ProblemDocumentation.MEDIA_TYPE)
				.getSchema()
				.get$ref()).isEqualTo("#/components/schemas/Problem");
		}
	}

	@Test
	void anOperationsOwnDefaultResponseIsKept() {
		ApiResponse own = new ApiResponse().description("its own");
		Operation operation = new Operation().responses(new ApiResponses()._default(own));
		OpenAPI document = new OpenAPI().paths(new Paths().addPathItem("/x", new PathItem().get(operation)));

		new ProblemDocumentation().customise(document);

		assertThat(operation.getResponses().getDefault()).isSameAs(own);
	}

	@Test
	void aDocumentWithoutPathsGetsTheSchemaOnly() {
		OpenAPI document = new OpenAPI();

		new ProblemDocumentation().customise(document);

		assertThat(document.getComponents().getSchemas()).containsKey(ProblemDocumentation.SCHEMA);
	}

}
