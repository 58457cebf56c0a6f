package dev.atoll.controlplane.system;

import java.util.function.Function;

/**
 * The result of an operation that can fail in an expected way: a value or a
 * {@link Problem}. Failures are values, never control flow by exception.
 *
 * @param <T> the type of the value on success
 */
public sealed interface Outcome<T> {

	static <T> Outcome<T> success(T value) {
		return new Success<>(value);
	}

	static <T> Outcome<T> failure(Problem problem) {
		return new Failure<>(problem);
	}

	/** Applies {@code next} to a value; a failure passes through unchanged. */
	default <R> Outcome<R> map(Function<? super T, ? extends R> next) {
		return switch (this) {
			case Success<T>(T value) -> new Success<>(next.apply(value));
			case Failure<T>(Problem problem) -> new Failure<>(problem);
		};
	}

	record Success<T>(T value) implements Outcome<T> {
	}

	record Failure<T>(Problem problem) implements Outcome<T> {
	}

}
