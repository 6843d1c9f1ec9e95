package dev.switchboard.gateway;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class PostgresLocationEnvironmentPostProcessorTest {

	private final PostgresLocationEnvironmentPostProcessor processor = new PostgresLocationEnvironmentPostProcessor();

	@Test
	void derivesTheR2dbcUrlOfTheGatewaySchema() {
		MockEnvironment environment = new MockEnvironment().withProperty("switchboard.postgres.url",
				"jdbc:postgresql://db.internal:5432/switchboard");

		this.processor.postProcessEnvironment(environment, new SpringApplication());

		assertThat(environment.getProperty("switchboard.postgres.r2dbc-url"))
			.isEqualTo("r2dbc:postgresql://db.internal:5432/switchboard?schema=gateway");
	}

	@Test
	void keepsAnExplicitR2dbcUrl() {
		MockEnvironment environment = new MockEnvironment()
			.withProperty("switchboard.postgres.url", "jdbc:postgresql://db.internal:5432/switchboard")
			.withProperty("switchboard.postgres.r2dbc-url", "r2dbc:postgresql://other:5432/switchboard");

		this.processor.postProcessEnvironment(environment, new SpringApplication());

		assertThat(environment.getProperty("switchboard.postgres.r2dbc-url"))
			.isEqualTo("r2dbc:postgresql://other:5432/switchboard");
	}

	@Test
	void appendsToExistingQueryParameters() {
		assertThat(PostgresLocationEnvironmentPostProcessor
			.r2dbcUrl("jdbc:postgresql://db:5432/switchboard?sslmode=require"))
			.isEqualTo("r2dbc:postgresql://db:5432/switchboard?sslmode=require&schema=gateway");
	}

}
