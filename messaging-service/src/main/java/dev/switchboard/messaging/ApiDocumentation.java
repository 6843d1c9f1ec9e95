package dev.switchboard.messaging;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Contact;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;

import org.springframework.context.annotation.Configuration;

/**
 * What the service's OpenAPI document ({@code /v3/api-docs}, published by the gateway)
 * says about the API as a whole; each operation is described on its handler.
 */
@Configuration(proxyBeanMethods = false)
@OpenAPIDefinition(info = @Info(title = "Switchboard messaging", version = "v1",
		description = "Outbound WhatsApp messages (send, batch, status, statistics) and the inbox: conversations, their timelines, contacts, agents, queues and tags.",
		contact = @Contact(name = "Switchboard platform team")), security = @SecurityRequirement(name = "apiKey"))
@SecurityScheme(name = "apiKey", type = SecuritySchemeType.HTTP, scheme = "bearer",
		description = "The tenant's API key, sb_<prefix>.<secret>, checked by the gateway")
class ApiDocumentation {

}
