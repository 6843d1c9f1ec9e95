package dev.switchboard.infra;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Rows of a service's inbox (the processed event ids: {@code consumer_group, event_id,
 * tenant_id, processed_at}), written and read straight in PostgreSQL, for housekeeping
 * tests: an id processed long enough ago is one the housekeeping must purge. Runs on the
 * calling thread (JDBC): call it from test code, never from an event loop.
 */
public final class InboxRows {

	/** The consumer group of the rows written here. */
	public static final String CONSUMER_GROUP = "housekeeping-it";

	private InboxRows() {
	}

	/**
	 * Records an event id as processed at a time, by {@link #CONSUMER_GROUP}.
	 * @param postgres the server
	 * @param schema the service's schema, e.g. {@code orders}
	 * @param tenantId the event's tenant
	 * @param eventId the event id
	 * @param processedAt when it was processed: an instant in the past ages the row
	 */
	public static void processed(PostgresEndpoint postgres, String schema, String tenantId, String eventId,
			Instant processedAt) {
		String insert = """
				INSERT INTO %s.inbox (consumer_group, event_id, tenant_id, processed_at)
				VALUES (?, ?, ?, ?)
				""".formatted(PostgresUrls.checkSchema(schema));
		try (Connection connection = connect(postgres);
				PreparedStatement statement = connection.prepareStatement(insert)) {
			statement.setString(1, CONSUMER_GROUP);
			statement.setString(2, eventId);
			statement.setString(3, tenantId);
			statement.setObject(4, OffsetDateTime.ofInstant(processedAt, ZoneOffset.UTC));
			statement.executeUpdate();
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not write the inbox row " + eventId, ex);
		}
	}

	/**
	 * Returns the event ids in the inbox of a tenant, of every consumer group, in no
	 * particular order.
	 * @param postgres the server
	 * @param schema the service's schema
	 * @param tenantId the tenant
	 * @return the event ids
	 */
	public static List<String> eventIds(PostgresEndpoint postgres, String schema, String tenantId) {
		String select = """
				SELECT event_id FROM %s.inbox WHERE tenant_id = ?
				""".formatted(PostgresUrls.checkSchema(schema));
		try (Connection connection = connect(postgres);
				PreparedStatement statement = connection.prepareStatement(select)) {
			statement.setString(1, tenantId);
			List<String> ids = new ArrayList<>();
			try (ResultSet rows = statement.executeQuery()) {
				while (rows.next()) {
					ids.add(rows.getString(1));
				}
			}
			return ids;
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not read the inbox of " + tenantId, ex);
		}
	}

	private static Connection connect(PostgresEndpoint postgres) throws SQLException {
		return DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(), postgres.password());
	}

}
