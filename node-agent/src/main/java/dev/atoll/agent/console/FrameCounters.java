package dev.atoll.agent.console;

/**
 * What a {@link FrameDecoder} saw so far.
 *
 * @param frames CRC-valid frames delivered
 * @param corrupt frames dropped for a bad header, a CRC mismatch or truncation
 * @param noise bytes outside frames that were not kernel text
 */
public record FrameCounters(long frames, long corrupt, long noise) {
}
