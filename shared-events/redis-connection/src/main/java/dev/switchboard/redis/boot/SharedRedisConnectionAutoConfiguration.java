package dev.switchboard.redis.boot;

import dev.switchboard.redis.SharedRedisConnection;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/**
 * Gives a service with a reactive Redis template its {@link SharedRedisConnection},
 * opened once the application is ready.
 */
@AutoConfiguration(afterName = "org.springframework.boot.data.redis.autoconfigure.DataRedisReactiveAutoConfiguration")
@ConditionalOnClass(ReactiveStringRedisTemplate.class)
@ConditionalOnBean(ReactiveStringRedisTemplate.class)
public class SharedRedisConnectionAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	SharedRedisConnection sharedRedisConnection(ReactiveStringRedisTemplate redis) {
		return new SharedRedisConnection(redis);
	}

	@Bean
	ApplicationListener<ApplicationReadyEvent> sharedRedisConnectionOpener(SharedRedisConnection connection) {
		return (event) -> connection.open();
	}

}
