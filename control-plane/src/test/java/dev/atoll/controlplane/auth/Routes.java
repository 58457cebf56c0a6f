package dev.atoll.controlplane.auth;

import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpMethod;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.reactive.result.method.RequestMappingInfo;
import org.springframework.web.reactive.result.method.RequestMappingInfoHandlerMapping;
import org.springframework.web.util.pattern.PathPattern;

/**
 * Every route the running application exposes, read from its handler mappings (the
 * controllers' and the actuator's), so that a route added anywhere shows up here.
 */
final class Routes {

	/** Methods a mapping without a method condition answers. */
	private static final List<RequestMethod> ANY = List.of(RequestMethod.GET, RequestMethod.POST, RequestMethod.PUT,
			RequestMethod.PATCH, RequestMethod.DELETE);

	/**
	 * One route.
	 *
	 * @param method its HTTP method
	 * @param pattern its path pattern, as mapped
	 */
	record Route(HttpMethod method, String pattern) {

		@Override
		public String toString() {
			return this.method + " " + this.pattern;
		}

	}

	private Routes() {
	}

	static List<Route> of(ApplicationContext context) {
		Set<Route> routes = new TreeSet<>(Comparator.comparing(Route::pattern).thenComparing(Route::method));
		for (RequestMappingInfoHandlerMapping mapping : context.getBeansOfType(RequestMappingInfoHandlerMapping.class)
			.values()) {
			for (RequestMappingInfo info : mapping.getHandlerMethods().keySet()) {
				Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
				for (RequestMethod method : methods.isEmpty() ? ANY : methods) {
					for (PathPattern pattern : info.getPatternsCondition().getPatterns()) {
						routes.add(new Route(method.asHttpMethod(), pattern.getPatternString()));
					}
				}
			}
		}
		return List.copyOf(routes);
	}

}
