package dev.switchboard.messaging.governor;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.stereotype.Component;

/**
 * Opens the shared Redis connection at start-up: opened lazily, the first command would
 * connect (and wait) on an event-loop thread.
 */
@Component
class RedisConnectionWarmUp implements BeanPostProcessor {

	@Override
	public Object postProcessBeforeInitialization(Object bean, String beanName) {
		if (bean instanceof LettuceConnectionFactory factory) {
			factory.setEagerInitialization(true);
		}
		return bean;
	}

}
