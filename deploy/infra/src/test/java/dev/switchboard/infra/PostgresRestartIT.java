package dev.switchboard.infra;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * PostgreSQL can be taken down (connections refused) and brought back on the same port
 * with its data, or frozen (nothing answers) and thawed.
 */
@SwitchboardInfra
class PostgresRestartIT {

	@Test
	void postgresComesBackOnTheSamePortWithItsData(PostgresEndpoint postgres) throws Exception {
		int port = postgres.port();
		try (Connection connection = connect(postgres); Statement statement = connection.createStatement()) {
			statement.execute("CREATE TABLE IF NOT EXISTS public.restart_check (id int)");
			statement.execute("INSERT INTO public.restart_check VALUES (7)");
		}
		try {
			postgres.stop();
			postgres.stop();
			assertThatThrownBy(() -> connect(postgres).close()).isInstanceOf(SQLException.class);
		}
		finally {
			postgres.start();
		}
		postgres.start();
		assertThat(postgres.port()).isEqualTo(port);
		try (Connection connection = connect(postgres);
				Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery("SELECT count(*) FROM public.restart_check WHERE id = 7")) {
			assertThat(rows.next()).isTrue();
			assertThat(rows.getInt(1)).isPositive();
		}
	}

	@Test
	void aFrozenPostgresAnswersNothingUntilThawed(PostgresEndpoint postgres) throws Exception {
		try {
			postgres.freeze();
			postgres.freeze();
			assertThatThrownBy(() -> connectWithin2Seconds(postgres).close()).isInstanceOf(SQLException.class);
		}
		finally {
			postgres.thaw();
		}
		postgres.thaw();
		try (Connection connection = connect(postgres);
				Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery("SELECT 1")) {
			assertThat(rows.next()).isTrue();
		}
	}

	private static Connection connectWithin2Seconds(PostgresEndpoint postgres) throws SQLException {
		Properties properties = new Properties();
		properties.setProperty("user", postgres.username());
		properties.setProperty("password", postgres.password());
		properties.setProperty("loginTimeout", "2");
		properties.setProperty("socketTimeout", "2");
		return DriverManager.getConnection(postgres.jdbcUrl(), properties);
	}

	/** Bounded, so a server left stopped fails the test instead of hanging the build. */
	private static Connection connect(PostgresEndpoint postgres) throws SQLException {
		Properties properties = new Properties();
		properties.setProperty("user", postgres.username());
		properties.setProperty("password", postgres.password());
		properties.setProperty("loginTimeout", "30");
		properties.setProperty("socketTimeout", "30");
		return DriverManager.getConnection(postgres.jdbcUrl(), properties);
	}

}
