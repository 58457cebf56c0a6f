package dev.atoll.controlplane.system;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * Bearer credentials, node tokens and API tokens alike: 32 random bytes, base64url
 * without padding. Only their SHA-256 is stored; a stolen table yields no credential, and
 * 256 random bits need no salt or slow hash.
 */
public final class BearerTokens {

	private static final SecureRandom random = new SecureRandom();

	private static final String BEARER = "Bearer ";

	private BearerTokens() {
	}

	public static String newToken() {
		byte[] bytes = new byte[32];
		random.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	public static byte[] hash(String token) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every JDK", ex);
		}
	}

	/** Compares in constant time. */
	public static boolean matches(String token, byte[] storedHash) {
		return MessageDigest.isEqual(hash(token), storedHash);
	}

	/** The token of an {@code Authorization: Bearer <token>} header, if well-formed. */
	public static Optional<String> fromAuthorization(String header) {
		if (header == null || header.length() <= BEARER.length()
				|| !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
			return Optional.empty();
		}
		String token = header.substring(BEARER.length()).trim();
		return (token.isEmpty() || token.length() > 512) ? Optional.empty() : Optional.of(token);
	}

}
