package dev.switchboard.infra;

import java.util.Set;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts {@link SharedInfra} before a test class and injects {@link Infra},
 * {@link KafkaEndpoint}, {@link PostgresEndpoint} and {@link RedisEndpoint} parameters.
 * Use it through {@link SwitchboardInfra}.
 */
public class InfraExtension implements BeforeAllCallback, ParameterResolver {

	private static final Set<Class<?>> SUPPORTED = Set.of(Infra.class, KafkaEndpoint.class, PostgresEndpoint.class,
			RedisEndpoint.class);

	@Override
	public void beforeAll(ExtensionContext context) {
		SharedInfra.get();
	}

	@Override
	public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		return SUPPORTED.contains(parameterContext.getParameter().getType());
	}

	@Override
	public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		Class<?> type = parameterContext.getParameter().getType();
		Infra infra = SharedInfra.get();
		if (type == KafkaEndpoint.class) {
			return infra.kafka();
		}
		if (type == PostgresEndpoint.class) {
			return infra.postgres();
		}
		if (type == RedisEndpoint.class) {
			return infra.redis();
		}
		return infra;
	}

}
