package dev.switchboard.redis;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * Locks held for microseconds, around no I/O: the shared Redis connection is handed out
 * under two (the factory's and the connection's), and Lettuce counts the threads writing
 * to it under one. Under contention the waiting thread parks for the moment another holds
 * them. The connection itself is opened from a worker ({@link SharedRedisConnection}).
 */
public class RedisBlockHoundIntegration implements BlockHoundIntegration {

	@Override
	public void applyTo(BlockHound.Builder builder) {
		builder
			.allowBlockingCallsInside(
					"org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory$SharedConnection",
					"getConnection")
			.allowBlockingCallsInside("org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory",
					"getSharedReactiveConnection")
			.allowBlockingCallsInside("io.lettuce.core.protocol.SharedLock", "incrementWriters")
			.allowBlockingCallsInside("io.lettuce.core.protocol.SharedLock", "decrementWriters");
	}

}
