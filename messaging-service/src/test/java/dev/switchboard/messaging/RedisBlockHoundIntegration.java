package dev.switchboard.messaging;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * The shared Redis connection is handed out under a short lock; under contention the
 * waiting thread parks for the few microseconds another holds it. That is not I/O.
 */
public class RedisBlockHoundIntegration implements BlockHoundIntegration {

	@Override
	public void applyTo(BlockHound.Builder builder) {
		builder.allowBlockingCallsInside(
				"org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory$SharedConnection",
				"getConnection");
	}

}
