package dev.switchboard.gateway.docs;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

import dev.switchboard.gateway.web.GatewayProblem;

/**
 * The API documentation: an index, the gateway's own OpenAPI document (administration
 * API) and each service's {@code /v3/api-docs} fetched on demand (published for calls
 * through the gateway, see {@link PublishedDocuments}), all behind authentication (any
 * valid key, see the admin access filter); and a Swagger UI page over them
 * ({@link SwaggerUiPage}), which with its files opens without a key.
 */
@Configuration(proxyBeanMethods = false)
class ApiDocsRoutes {

	private static final Logger log = LoggerFactory.getLogger(ApiDocsRoutes.class);

	private static final String GATEWAY = "gateway";

	private final ApiDocsProperties properties;

	private final WebClient client;

	private final SwaggerUiAssets uiAssets;

	ApiDocsRoutes(ApiDocsProperties properties) {
		this.properties = properties;
		this.client = WebClient.create();
		this.uiAssets = SwaggerUiAssets.load(SwaggerUiPage.files(documentNames()));
	}

	@Bean
	RouterFunction<ServerResponse> apiDocsRouter() {
		return RouterFunctions.route()
			.GET("/api-docs", this::index)
			.GET(SwaggerUiPage.PATH, this::ui)
			.GET(SwaggerUiPage.PATH + "/{asset}", this::uiAsset)
			.GET("/api-docs/" + GATEWAY,
					(request) -> ServerResponse.ok()
						.contentType(MediaType.APPLICATION_JSON)
						.bodyValue(new ClassPathResource("openapi/gateway.json")))
			.GET("/api-docs/{service}", this::service)
			.build();
	}

	/** The gateway's own document first, then the services' by name. */
	private List<String> documentNames() {
		List<String> names = new ArrayList<>();
		names.add(GATEWAY);
		names.addAll(new TreeSet<>(this.properties.services().keySet()));
		return names;
	}

	private Mono<ServerResponse> index(ServerRequest request) {
		List<Map<String, String>> specs = documentNames().stream()
			.map((name) -> Map.of("name", name, "url", "/api-docs/" + name))
			.toList();
		return ServerResponse.ok().bodyValue(Map.of("specs", specs, "ui", SwaggerUiPage.PATH));
	}

	private Mono<ServerResponse> service(ServerRequest request) {
		String name = request.pathVariable("service");
		String base = this.properties.services().get(name);
		if (base == null) {
			return Mono.error(GatewayProblem.of(HttpStatus.NOT_FOUND, "NOT_FOUND", "No service " + name));
		}
		return this.client.get()
			.uri(base + "/v3/api-docs")
			.accept(MediaType.APPLICATION_JSON)
			.retrieve()
			.bodyToMono(byte[].class)
			.timeout(this.properties.timeout())
			.map(PublishedDocuments::ofService)
			.flatMap((document) -> ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(document))
			.onErrorMap((failure) -> !(failure instanceof GatewayProblem), (failure) -> {
				log.info("OpenAPI document of {} unavailable: {}", name, failure.toString());
				return GatewayProblem.of(HttpStatus.SERVICE_UNAVAILABLE, "SPEC_UNAVAILABLE",
						"The service " + name + " does not serve its OpenAPI document (/v3/api-docs) right now");
			});
	}

	private Mono<ServerResponse> ui(ServerRequest request) {
		return ServerResponse.ok()
			.contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
			.bodyValue(SwaggerUiPage.HTML);
	}

	private Mono<ServerResponse> uiAsset(ServerRequest request) {
		return this.uiAssets.asset(request.pathVariable("asset"))
			.map((asset) -> ServerResponse.ok()
				.contentType(asset.type())
				.header("Cache-Control", "public, max-age=86400")
				.bodyValue(asset.bytes()))
			.orElseGet(() -> Mono.error(GatewayProblem.of(HttpStatus.NOT_FOUND, "NOT_FOUND",
					"No file " + request.pathVariable("asset") + " in the API documentation page")));
	}

}
