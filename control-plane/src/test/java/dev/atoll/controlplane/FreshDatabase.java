package dev.atoll.controlplane;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;

import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Gives every Spring test context its own, freshly created database on a real PostgreSQL
 * server ({@code ATOLL_TEST_JDBC_URL}, default
 * {@code jdbc:postgresql://127.0.0.1:5432/postgres}; {@code ATOLL_TEST_DB_USER} and
 * {@code ATOLL_TEST_DB_PASSWORD}), and drops it when the context closes.
 */
public class FreshDatabase implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	static final String ADMIN_URL = env("ATOLL_TEST_JDBC_URL", "jdbc:postgresql://127.0.0.1:5432/postgres");

	static final String USER = env("ATOLL_TEST_DB_USER", "postgres");

	static final String PASSWORD = env("ATOLL_TEST_DB_PASSWORD", "");

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		String database = "atoll_test_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
		execute("create database " + database);
		// Cached test contexts (and other test runs) share one server's max_connections:
		// an idle context keeps one pooled connection, not ten.
		TestPropertyValues
			.of("spring.datasource.url=" + urlOf(database), "spring.datasource.username=" + USER,
					"spring.datasource.password=" + PASSWORD, "spring.datasource.hikari.minimum-idle=1",
					"spring.datasource.hikari.idle-timeout=10000")
			.applyTo(context);
		// Registered first, so destroyed last: after the connection pool is closed.
		((DefaultSingletonBeanRegistry) context.getBeanFactory()).registerDisposableBean("dropFreshDatabase",
				() -> execute("drop database if exists " + database + " with (force)"));
	}

	/** The admin URL with its database replaced, query parameters kept. */
	static String urlOf(String database) {
		int query = ADMIN_URL.indexOf('?');
		String base = (query < 0) ? ADMIN_URL : ADMIN_URL.substring(0, query);
		String parameters = (query < 0) ? "" : ADMIN_URL.substring(query);
		return base.substring(0, base.lastIndexOf('/') + 1) + database + parameters;
	}

	private static void execute(String statement) {
		Properties properties = new Properties();
		properties.setProperty("user", USER);
		properties.setProperty("password", PASSWORD);
		try (Connection connection = DriverManager.getConnection(ADMIN_URL, properties);
				Statement sql = connection.createStatement()) {
			sql.execute(statement);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Test database setup failed on " + ADMIN_URL + ": " + statement, ex);
		}
	}

	private static String env(String name, String fallback) {
		String value = System.getenv(name);
		return (value != null && !value.isBlank()) ? value : fallback;
	}

}
