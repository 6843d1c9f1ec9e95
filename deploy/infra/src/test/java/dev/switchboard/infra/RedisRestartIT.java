package dev.switchboard.infra;

import java.io.IOException;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Redis can be taken down and brought back on the same port.
 */
@SwitchboardInfra
class RedisRestartIT {

	@Test
	void redisComesBackOnTheSamePort(RedisEndpoint redis) throws Exception {
		int port = redis.port();
		try {
			redis.stop();
			redis.stop();
			assertThatThrownBy(() -> RedisPing.ping(redis.host(), port, 1_000)).isInstanceOf(IOException.class);
		}
		finally {
			redis.start();
		}
		redis.start();
		assertThat(redis.port()).isEqualTo(port);
		assertThat(RedisPing.ping(redis.host(), port, 2_000)).isEqualTo("+PONG");
	}

}
