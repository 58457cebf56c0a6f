package dev.atoll.api;

import java.util.List;

/**
 * What a system revision declares: the tasks the root task builds and nothing more. As
 * stored, every default is filled in; it is what the node agent renders into the root
 * task's boot configuration.
 *
 * @param memoryMb guest memory the system is laid out for (64 to 4096): every memory
 * budget must fit in it, and an instance booting the system has at least that much
 * @param personalities the personalities (user-level kernels running programs)
 * @param services the device and file services, each in its own task or linked into the
 * tasks that use it
 */
public record SystemSpec(Integer memoryMb, List<PersonalitySpec> personalities, List<ServiceSpec> services) {
}
