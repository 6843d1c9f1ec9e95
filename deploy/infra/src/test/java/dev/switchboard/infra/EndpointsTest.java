package dev.switchboard.infra;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EndpointsTest {

	@Test
	void externalPostgresIsReadFromItsJdbcUrl() {
		ExternalPostgres postgres = ExternalPostgres.of("jdbc:postgresql://db.internal:6543/sb?sslmode=require", "app",
				"s3cret");
		assertThat(postgres.host()).isEqualTo("db.internal");
		assertThat(postgres.port()).isEqualTo(6543);
		assertThat(postgres.database()).isEqualTo("sb");
		assertThat(postgres.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:6543/sb?sslmode=require");
		assertThat(postgres.r2dbcUrl("orders")).isEqualTo("r2dbc:postgresql://db.internal:6543/sb?schema=orders");
		assertThat(postgres.toString()).doesNotContain("s3cret").doesNotContain("sslmode");
	}

	@Test
	void externalPostgresDefaultsItsPortAndUser() {
		ExternalPostgres postgres = ExternalPostgres.of("jdbc:postgresql://db/switchboard", null, null);
		assertThat(postgres.port()).isEqualTo(5432);
		assertThat(postgres.username()).isEqualTo("postgres");
		assertThat(postgres.password()).isEmpty();
	}

	@Test
	void aMalformedPostgresUrlIsRejectedWithoutItsOptions() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ExternalPostgres.of("postgresql://db/switchboard?password=s3cret", null, null))
			.withMessageContaining("SWITCHBOARD_POSTGRES_URL")
			.withMessageNotContaining("s3cret");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ExternalPostgres.of("jdbc:postgresql://db?password=s3cret", null, null))
			.withMessageNotContaining("s3cret");
	}

	@Test
	void externalRedisIsReadFromItsUrlAndKeepsItsCredentialsOutOfToString() {
		ExternalRedis redis = ExternalRedis.of("redis://:s3cret@cache.internal:6380/2");
		assertThat(redis.host()).isEqualTo("cache.internal");
		assertThat(redis.port()).isEqualTo(6380);
		assertThat(redis.url()).isEqualTo("redis://:s3cret@cache.internal:6380/2");
		assertThat(redis.toString()).doesNotContain("s3cret");
		assertThat(ExternalRedis.of("rediss://cache").port()).isEqualTo(6379);
		assertThatIllegalArgumentException().isThrownBy(() -> ExternalRedis.of("http://cache:6379"));
	}

	@Test
	void externalServersCannotBeStoppedFromHere() {
		assertThatThrownBy(ExternalKafka.of("kafka:9092")::stop).isInstanceOf(UnsupportedOperationException.class);
		assertThatThrownBy(ExternalRedis.of("redis://cache:6379")::start)
			.isInstanceOf(UnsupportedOperationException.class);
		assertThatThrownBy(ExternalPostgres.of("jdbc:postgresql://db/switchboard", null, null)::stop)
			.isInstanceOf(UnsupportedOperationException.class);
	}

	@Test
	void schemasMustBePlainIdentifiers() {
		assertThat(PostgresUrls.r2dbc("h", 1, "switchboard", "workflows"))
			.isEqualTo("r2dbc:postgresql://h:1/switchboard?schema=workflows");
		assertThatIllegalArgumentException().isThrownBy(() -> PostgresUrls.checkSchema("orders;drop"));
		assertThatIllegalArgumentException().isThrownBy(() -> PostgresUrls.checkSchema("Orders"));
		assertThatIllegalArgumentException().isThrownBy(() -> PostgresUrls.checkSchema(null));
	}

}
