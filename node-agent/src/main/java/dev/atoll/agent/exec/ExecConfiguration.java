package dev.atoll.agent.exec;

import dev.atoll.agent.backend.Backend;
import dev.atoll.agent.reconcile.Reconciler;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Exec on the instances the reconciler runs. */
@Configuration(proxyBeanMethods = false)
class ExecConfiguration {

	@Bean
	ConsoleExec consoleExec(Backend backend, Reconciler reconciler) {
		return new ConsoleExec(backend, reconciler::execReplies);
	}

}
