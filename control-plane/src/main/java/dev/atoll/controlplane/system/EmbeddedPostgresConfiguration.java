package dev.atoll.controlplane.system;

import java.io.IOException;
import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * The default database: when {@code spring.datasource.url} is not set, start PostgreSQL
 * ourselves and hand it to Spring as the DataSource, before Flyway migrates it. With the
 * property set, Spring Boot's own DataSource auto-configuration connects to that server
 * instead and none of this runs.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(EmbeddedPostgresConfiguration.NoDataSourceUrl.class)
class EmbeddedPostgresConfiguration {

	@Bean(destroyMethod = "close")
	EmbeddedPostgres embeddedPostgres(EmbeddedPostgresProperties settings) throws IOException, InterruptedException {
		EmbeddedPostgres postgres = EmbeddedPostgres.start(settings);
		// Runs after the application context is closed, should it not have closed the
		// server already: the server must never outlive the control plane.
		SpringApplication.getShutdownHandlers().add(postgres::close);
		return postgres;
	}

	@Bean(destroyMethod = "close")
	HikariDataSource dataSource(EmbeddedPostgres postgres, EmbeddedPostgresProperties settings) {
		HikariDataSource dataSource = DataSourceBuilder.create()
			.type(HikariDataSource.class)
			.url(postgres.jdbcUrl(settings.database()))
			.username(postgres.username())
			.build();
		dataSource.setPoolName("embedded-postgres");
		return dataSource;
	}

	/** Matches when no external database is configured. */
	static final class NoDataSourceUrl implements Condition {

		@Override
		public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
			return !StringUtils.hasText(context.getEnvironment().getProperty("spring.datasource.url"));
		}

	}

}
