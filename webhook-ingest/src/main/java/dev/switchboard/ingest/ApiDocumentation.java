package dev.switchboard.ingest;

import java.lang.reflect.Method;
import java.util.Arrays;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Contact;
import io.swagger.v3.oas.annotations.info.Info;
import org.springdoc.core.filters.OpenApiMethodFilter;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * What the service's OpenAPI documents say about the API as a whole (each operation is
 * described on its handler), and which operations each holds: {@code /v3/api-docs}, which
 * the gateway publishes, those reached through the gateway ({@code /api/**}); the
 * {@code providers} group ({@code /v3/api-docs/providers}) the webhooks Meta and order
 * sources post here directly, and the operator re-drive.
 */
@Configuration(proxyBeanMethods = false)
@OpenAPIDefinition(info = @Info(title = "Switchboard webhook ingest", version = "v1",
		description = "Webhooks into Switchboard. Through the gateway: orders posted with an API key. "
				+ "Posted to webhook-ingest directly (the providers document): Meta's WhatsApp webhooks, "
				+ "signed order-source webhooks and the operator re-drive.",
		contact = @Contact(name = "Switchboard platform team")))
class ApiDocumentation {

	/** The path prefix of everything the gateway routes here. */
	static final String GATEWAY_PATHS = "/api/";

	/**
	 * Applies to the default document only (a group's filters are its own and the global
	 * ones): a handler is in it when every path it maps is under {@code /api/}.
	 */
	@Bean
	OpenApiMethodFilter reachedThroughTheGateway() {
		return (method) -> Arrays.stream(paths(method)).allMatch((path) -> path.startsWith(GATEWAY_PATHS));
	}

	private static String[] paths(Method method) {
		RequestMapping type = AnnotatedElementUtils.findMergedAnnotation(method.getDeclaringClass(),
				RequestMapping.class);
		RequestMapping handler = AnnotatedElementUtils.findMergedAnnotation(method, RequestMapping.class);
		String prefix = (type != null && type.path().length > 0) ? type.path()[0] : "";
		if (handler == null || handler.path().length == 0) {
			return new String[] { prefix };
		}
		return Arrays.stream(handler.path()).map((path) -> prefix + path).toArray(String[]::new);
	}

}
