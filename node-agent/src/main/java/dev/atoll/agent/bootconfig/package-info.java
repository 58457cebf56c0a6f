/**
 * The root task's boot configuration as the agent makes it: the control plane's
 * {@code SystemSpec} rendered into the text format of docs/boot-config.md, the system it
 * declares (to tell from telemetry whether it runs), and the newc cpio member that
 * carries it in the initrd. Depends on the wire types only.
 */
package dev.atoll.agent.bootconfig;
