package dev.switchboard.gateway.docs;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.ObjectNode;

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
 * The API documentation behind authentication (any valid key, see the admin access
 * filter): an index, the gateway's own OpenAPI document (administration API), each
 * service's {@code /v3/api-docs} fetched on demand, and a Swagger UI page over all of
 * them.
 */
@Configuration(proxyBeanMethods = false)
class ApiDocsRoutes {

	private static final Logger log = LoggerFactory.getLogger(ApiDocsRoutes.class);

	private final ApiDocsProperties properties;

	private final WebClient client;

	private final SwaggerUiAssets uiAssets = SwaggerUiAssets.load();

	ApiDocsRoutes(ApiDocsProperties properties) {
		this.properties = properties;
		this.client = WebClient.create();
	}

	@Bean
	RouterFunction<ServerResponse> apiDocsRouter() {
		return RouterFunctions.route()
			.GET("/api-docs", this::index)
			.GET("/api-docs/ui", this::ui)
			.GET("/api-docs/ui/{asset}", this::uiAsset)
			.GET("/api-docs/gateway",
					(request) -> ServerResponse.ok()
						.contentType(MediaType.APPLICATION_JSON)
						.bodyValue(new ClassPathResource("openapi/gateway.json")))
			.GET("/api-docs/{service}", this::service)
			.build();
	}

	private Mono<ServerResponse> index(ServerRequest request) {
		List<Map<String, String>> specs = new ArrayList<>();
		specs.add(Map.of("name", "gateway", "url", "/api-docs/gateway"));
		new TreeMap<>(this.properties.services()).keySet()
			.forEach((name) -> specs.add(Map.of("name", name, "url", "/api-docs/" + name)));
		return ServerResponse.ok().bodyValue(Map.of("specs", specs, "ui", "/api-docs/ui"));
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
			.bodyToMono(ObjectNode.class)
			.timeout(this.properties.timeout())
			.map(ApiDocsRoutes::servedByTheGateway)
			.flatMap((document) -> ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(document))
			.onErrorMap((failure) -> !(failure instanceof GatewayProblem), (failure) -> {
				log.info("OpenAPI document of {} unavailable: {}", name, failure.toString());
				return GatewayProblem.of(HttpStatus.SERVICE_UNAVAILABLE, "SPEC_UNAVAILABLE",
						"The service " + name + " does not serve its OpenAPI document (/v3/api-docs) right now");
			});
	}

	/**
	 * The service's own server URL is an internal address (springdoc writes the one it
	 * was asked at): callers reach its operations through this gateway, at the paths the
	 * document names, so the only server is the one the document is served from.
	 */
	static ObjectNode servedByTheGateway(ObjectNode document) {
		document.putArray("servers")
			.addObject()
			.put("url", "/")
			.put("description", "The gateway this document is served from");
		return document;
	}

	private Mono<ServerResponse> ui(ServerRequest request) {
		StringBuilder urls = new StringBuilder("[{url:'/api-docs/gateway',name:'gateway'}");
		new TreeMap<>(this.properties.services()).keySet()
			.forEach((name) -> urls.append(",{url:'/api-docs/")
				.append(name)
				.append("',name:'")
				.append(name)
				.append("'}"));
		urls.append(']');
		String html = """
				<!doctype html>
				<html><head><meta charset="utf-8"><title>Switchboard API</title>
				<link rel="stylesheet" href="/api-docs/ui/swagger-ui.css"></head>
				<body><div id="ui"></div>
				<script src="/api-docs/ui/swagger-ui-bundle.js"></script>
				<script>SwaggerUIBundle({dom_id:'#ui', urls:%s});</script>
				</body></html>
				""".formatted(urls);
		return ServerResponse.ok()
			.contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
			.bodyValue(html);
	}

	private Mono<ServerResponse> uiAsset(ServerRequest request) {
		return this.uiAssets.asset(request.pathVariable("asset"))
			.map((asset) -> ServerResponse.ok()
				.contentType(asset.type())
				.header("Cache-Control", "public, max-age=86400")
				.bodyValue(asset.bytes()))
			.orElseGet(() -> ServerResponse.notFound().build());
	}

}
