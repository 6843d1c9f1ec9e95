package dev.switchboard.events.outbox.boot;

import java.time.Duration;

import io.r2dbc.spi.ValidationDepth;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcProperties;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectionPoolDefaultsTest {

	private final ConnectionPoolDefaults defaults = new ConnectionPoolDefaults();

	@Test
	void retriesAnAcquireOncePerConnectionThePoolMayHold() {
		R2dbcProperties.Pool pool = pool(new MockEnvironment().withProperty("spring.r2dbc.pool.max-size", "20"));

		assertThat(pool.getAcquireRetry()).isEqualTo(20);
		assertThat(pool.getValidationDepth()).isEqualTo(ValidationDepth.LOCAL);
		assertThat(pool.getMaxCreateConnectionTime()).isEqualTo(Duration.ofSeconds(10));
		assertThat(pool.getMaxIdleTime()).isEqualTo(Duration.ofMinutes(10));
		assertThat(pool.getMaxLifeTime()).isEqualTo(Duration.ofMinutes(30));
	}

	@Test
	void followsSpringBootsDefaultSizeWhenTheServiceSetsNone() {
		assertThat(pool(new MockEnvironment()).getAcquireRetry()).isEqualTo(new R2dbcProperties.Pool().getMaxSize());
	}

	@Test
	void aServicesOwnSettingsWin() {
		R2dbcProperties.Pool pool = pool(new MockEnvironment().withProperty("spring.r2dbc.pool.acquire-retry", "3")
			.withProperty("spring.r2dbc.pool.max-life-time", "5m"));

		assertThat(pool.getAcquireRetry()).isEqualTo(3);
		assertThat(pool.getMaxLifeTime()).isEqualTo(Duration.ofMinutes(5));
	}

	private R2dbcProperties.Pool pool(MockEnvironment environment) {
		this.defaults.postProcessEnvironment(environment, new SpringApplication());
		return Binder.get(environment).bindOrCreate("spring.r2dbc", R2dbcProperties.class).getPool();
	}

}
