package dev.switchboard.gateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The only door for external systems: authenticates API keys, replaces them with a
 * short-lived internal identity token and routes each call to the service that owns it.
 * The services' shared web layer stays off: the gateway gives requests their ids
 * ({@code RequestIdFilter}), answers its own problems ({@code ProblemErrorHandler}) and
 * verifies no internal token.
 */
@SpringBootApplication(excludeName = { "dev.switchboard.http.CorrelationIdAutoConfiguration",
		"dev.switchboard.http.problem.ProblemAutoConfiguration",
		"dev.switchboard.http.security.InternalTokenSecurityAutoConfiguration" })
@ConfigurationPropertiesScan
public class GatewayApplication {

	public static void main(String[] args) {
		SpringApplication.run(GatewayApplication.class, args);
	}

}
