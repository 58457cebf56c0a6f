package dev.atoll.agent.backend;

/** Receives an instance's raw serial bytes, on the backend's reader thread. */
public interface ConsoleSink {

	/** The next bytes, in order. */
	void bytes(byte[] data, int from, int length);

	/** The serial line closed (the instance is gone or going). */
	void closed();

}
