package dev.switchboard.bench;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The baseline of the ingest benchmark: a WebFlux endpoint that reads the same request
 * body and answers 200, with nothing else to do. The ratio of webhook-ingest to this is
 * the figure.
 */
@SpringBootApplication(excludeName = { "dev.switchboard.events.kafka.boot.EventsKafkaAutoConfiguration",
		"dev.switchboard.tenants.boot.TenantsAutoConfiguration" })
public class BareEndpointApplication {

	public static void main(String[] args) {
		SpringApplication.run(BareEndpointApplication.class, args);
	}

	@Bean
	RouterFunction<ServerResponse> bareWebhook() {
		return RouterFunctions.route()
			.POST("/webhooks/whatsapp", (request) -> request.bodyToMono(byte[].class).then(ServerResponse.ok().build()))
			.GET("/readyz", (request) -> ServerResponse.ok().bodyValue("{\"status\":\"UP\"}"))
			.build();
	}

}
