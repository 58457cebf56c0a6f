package dev.atoll.controlplane.system;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;

import org.springframework.beans.TypeMismatchException;
import org.springframework.core.MethodParameter;
import org.springframework.core.ResolvableType;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.HttpMessageWriter;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.reactive.resource.NoResourceFoundException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;

/**
 * The one place where failures become HTTP: {@link Problem} values returned by the
 * features, and the exceptions the framework raises for input it cannot read (malformed
 * JSON, wrong types, unknown fields, bad path parameters, unknown routes). Every error
 * response is {@code application/problem+json} (RFC 9457); validation problems carry
 * {@code errors: [{field, message}]}.
 */
@RestControllerAdvice
public final class ProblemHandler {

	private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

	/** Renders an expected failure. */
	public static ResponseEntity<Object> respond(Problem problem) {
		return switch (problem) {
			case Problem.Invalid invalid ->
				render(HttpStatus.BAD_REQUEST, "Invalid request", invalid.detail(), Map.of("errors", invalid.errors()));
			case Problem.Unauthorized unauthorized -> ResponseEntity.status(HttpStatus.UNAUTHORIZED)
				.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
				.contentType(MediaType.APPLICATION_PROBLEM_JSON)
				.body(detail(HttpStatus.UNAUTHORIZED, "Unauthorized", unauthorized.detail(), Map.of()));
			case Problem.Forbidden forbidden -> render(HttpStatus.FORBIDDEN, "Forbidden", forbidden.detail(), Map.of());
			case Problem.NotFound notFound -> render(HttpStatus.NOT_FOUND, "Not found", notFound.detail(), Map.of());
			case Problem.Conflict conflict -> render(HttpStatus.CONFLICT, "Conflict", conflict.detail(), Map.of());
			case Problem.Gone gone -> render(HttpStatus.GONE, "Gone", gone.detail(), Map.of());
			case Problem.PreconditionFailed stale ->
				render(HttpStatus.PRECONDITION_FAILED, "Precondition failed", stale.detail(), Map.of());
			case Problem.GatewayTimeout late ->
				render(HttpStatus.GATEWAY_TIMEOUT, "Gateway timeout", late.detail(), Map.of());
			case Problem.Unprocessable unprocessable ->
				render(HttpStatus.UNPROCESSABLE_CONTENT, "Unprocessable content", unprocessable.detail(), Map.of());
			case Problem.BadGateway badGateway ->
				render(HttpStatus.BAD_GATEWAY, "Bad gateway", badGateway.detail(), Map.of());
		};
	}

	/** Renders an outcome: the success mapping, or the problem. */
	public static <T> ResponseEntity<Object> respond(Outcome<T> outcome,
			Function<T, ResponseEntity<Object>> onSuccess) {
		return switch (outcome) {
			case Outcome.Success<T>(T value) -> onSuccess.apply(value);
			case Outcome.Failure<T>(Problem problem) -> respond(problem);
		};
	}

	/**
	 * Writes a problem straight to the response, for a filter that answers before any
	 * handler runs; rendered by {@link #respond(Problem)} like every other problem.
	 */
	@SuppressWarnings("unchecked")
	public static Mono<Void> write(ServerWebExchange exchange, Problem problem, List<HttpMessageWriter<?>> writers) {
		ResponseEntity<Object> entity = respond(problem);
		ProblemDetail body = (ProblemDetail) entity.getBody();
		if (body.getInstance() == null) {
			body.setInstance(URI.create(exchange.getRequest().getPath().value()));
		}
		ServerHttpResponse response = exchange.getResponse();
		response.setStatusCode(entity.getStatusCode());
		response.getHeaders().putAll(entity.getHeaders());
		ResolvableType type = ResolvableType.forInstance(body);
		MediaType contentType = MediaType.APPLICATION_PROBLEM_JSON;
		for (HttpMessageWriter<?> writer : writers) {
			if (writer.canWrite(type, contentType)) {
				return ((HttpMessageWriter<Object>) writer).write(Mono.just(body), type, contentType, response,
						Map.of());
			}
		}
		return Mono.error(new IllegalStateException("no codec writes " + contentType));
	}

	/** A body or parameter that could not be read: name the field and say why. */
	@ExceptionHandler(ServerWebInputException.class)
	ResponseEntity<Object> unreadableInput(ServerWebInputException exception) {
		return respond(Problem.Invalid.of(List.of(InputViolations.of(exception))));
	}

	/** Unknown route, wrong method, unsupported media type and the like. */
	@ExceptionHandler(ResponseStatusException.class)
	ResponseEntity<Object> frameworkStatus(ResponseStatusException exception) {
		HttpStatusCode status = exception.getStatusCode();
		String title = (status instanceof HttpStatus known) ? known.getReasonPhrase() : "Error";
		String detail = switch (exception) {
			case UnsupportedMediaTypeStatusException unsupported -> "content type " + unsupported.getContentType()
					+ " is not supported; send " + MediaType.APPLICATION_JSON;
			case NoResourceFoundException missing -> "no such resource";
			default -> (exception.getReason() != null) ? exception.getReason() : title;
		};
		ResponseEntity.BodyBuilder builder = ResponseEntity.status(status)
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
		exception.getHeaders().forEach((name, values) -> builder.header(name, values.toArray(String[]::new)));
		return builder.body(detail(status, title, detail, Map.of()));
	}

	/** A bug: log it whole, tell the caller only that it happened. */
	@ExceptionHandler(Exception.class)
	ResponseEntity<Object> unexpected(Exception exception) {
		log.error("Unexpected failure while handling a request", exception);
		return render(HttpStatus.INTERNAL_SERVER_ERROR, "Internal Server Error",
				"the control plane failed unexpectedly; see its log", Map.of());
	}

	private static ResponseEntity<Object> render(HttpStatus status, String title, String detail,
			Map<String, Object> properties) {
		return ResponseEntity.status(status)
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(detail(status, title, detail, properties));
	}

	private static ProblemDetail detail(HttpStatusCode status, String title, String detail,
			Map<String, Object> properties) {
		ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
		body.setTitle(title);
		body.setType(URI.create("about:blank"));
		properties.forEach(body::setProperty);
		return body;
	}

	/** Turns the framework's input exceptions into one named {@link Violation}. */
	static final class InputViolations {

		private InputViolations() {
		}

		static Violation of(ServerWebInputException exception) {
			JacksonException json = find(exception, JacksonException.class);
			if (json != null) {
				return JsonViolations.of(json);
			}
			TypeMismatchException mismatch = find(exception, TypeMismatchException.class);
			MethodParameter parameter = exception.getMethodParameter();
			String name = (mismatch != null && mismatch.getPropertyName() != null) ? mismatch.getPropertyName()
					: (parameter != null && parameter.getParameterName() != null) ? parameter.getParameterName()
							: "request";
			if (mismatch != null) {
				String expected = (mismatch.getRequiredType() != null)
						? JsonViolations.describe(mismatch.getRequiredType()) : "of another type";
				return new Violation(name, "must be " + expected + ", got '" + mismatch.getValue() + "'");
			}
			if (parameter != null && parameter.hasParameterAnnotation(RequestBody.class)) {
				return new Violation("body", "a JSON body is required");
			}
			return new Violation(name, (exception.getReason() != null) ? exception.getReason() : "is invalid");
		}

		private static <E extends Throwable> E find(Throwable throwable, Class<E> type) {
			for (Throwable cause = throwable; cause != null; cause = cause.getCause()) {
				if (type.isInstance(cause)) {
					return type.cast(cause);
				}
				if (cause.getCause() == cause) {
					break;
				}
			}
			return null;
		}

	}

}
